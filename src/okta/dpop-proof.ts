// DPoP proofs (RFC 9449) for requests the executor sends again. okta-sdk-nodejs signs a proof for
// each request it prepares, but a 429 retried by the executor would carry the same proof twice,
// and Okta refuses a proof whose `jti` it has seen ("The DPoP proof JWT has already been used").
import { createPrivateKey, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';

/** Re-signs a proof for a retry: same key, htm, htu, ath and nonce; a new jti and iat. */
export type DpopProofRenewer = (proof: string) => string;

const HASHES: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };

function decodePart(part: string | undefined): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null) throw new Error('not a JWT part');
  return value as Record<string, unknown>;
}

/** The claims of a proof (no signature check: the executor reads its own requests' proofs). */
export function dpopClaims(proof: string): Record<string, unknown> | null {
  try {
    return decodePart(proof.split('.')[1]);
  } catch {
    return null;
  }
}

/**
 * The key the SDK signs its proofs with is the service app's private key (OKTA_PRIVATE_KEY, a PEM
 * or a JWK), the same one the token is bound to, so a renewed proof matches the token's `cnf.jkt`.
 */
export function dpopProofRenewer(privateKey: string, now: () => number = Date.now): DpopProofRenewer {
  let key: KeyObject | null = null;
  const keyObject = (): KeyObject => {
    if (key) return key;
    const trimmed = privateKey.trim();
    key = trimmed.startsWith('{') ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' }) : createPrivateKey(trimmed);
    return key;
  };
  return (proof) => {
    const [headerPart] = proof.split('.');
    const header = decodePart(headerPart);
    const alg = typeof header['alg'] === 'string' ? header['alg'] : '';
    const hash = HASHES[alg];
    if (!hash) throw new Error(`cannot renew a DPoP proof signed with ${alg || 'no alg'}`);
    const claims = { ...dpopClaims(proof), iat: Math.floor(now() / 1000), jti: randomUUID() };
    const input = `${headerPart}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = sign(hash, Buffer.from(input), alg.startsWith('ES') ? { key: keyObject(), dsaEncoding: 'ieee-p1363' } : keyObject());
    return `${input}.${signature.toString('base64url')}`;
  };
}
