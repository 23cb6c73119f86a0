// DPoP (RFC 9449) as Okta checks it for service apps with "Require DPoP": proof JWTs on the token
// request (with a server nonce) and on every API call made with the DPoP-bound token that follows.
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';

/** Okta: a proof is accepted for a few minutes around its `iat`; a little clock skew ahead. */
const MAX_AGE_SECONDS = 300;
const MAX_AHEAD_SECONDS = 60;
/** How long a DPoP-Nonce the token endpoint handed out stays usable. */
const NONCE_LIFETIME_MS = 10 * 60_000;

/** Signature algorithms Okta lists in its WWW-Authenticate `algs` that the simulator verifies. */
const ALGORITHMS: Record<string, { hash: string; ec: boolean }> = {
  RS256: { hash: 'sha256', ec: false },
  RS384: { hash: 'sha384', ec: false },
  RS512: { hash: 'sha512', ec: false },
  ES256: { hash: 'sha256', ec: true },
  ES384: { hash: 'sha384', ec: true },
  ES512: { hash: 'sha512', ec: true },
};

/** What the request the proof travels with must say. */
export interface ProofExpectation {
  readonly htm: string;
  /** Scheme, host and path, without query or fragment (RFC 9449 §4.3). */
  readonly htu: string;
  /** base64url SHA-256 of the access token: required on API calls, absent on the token request. */
  readonly ath?: string;
}

export type ProofCheck =
  | { readonly ok: true; readonly jkt: string; readonly nonce: string | null }
  | { readonly ok: false; readonly description: string };

function decodePart(part: string | undefined): Record<string, unknown> | null {
  if (part === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** RFC 7638: SHA-256 over the key's required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: Record<string, unknown>): string {
  const members = jwk['kty'] === 'EC' ? ['crv', 'kty', 'x', 'y'] : jwk['kty'] === 'RSA' ? ['e', 'kty', 'n'] : null;
  if (members === null) throw new Error(`unsupported kty ${String(jwk['kty'])}`);
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

/** base64url SHA-256 of an access token: the proof's `ath`. */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class DpopVerifier {
  /** jti → when it may be forgotten (a proof older than MAX_AGE is refused anyway). */
  private readonly seenJtis = new Map<string, number>();
  private readonly nonces = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** A fresh DPoP-Nonce for the token endpoint's `use_dpop_nonce` challenge. */
  issueNonce(): string {
    const nonce = randomBytes(24).toString('base64url');
    this.nonces.set(nonce, this.now() + NONCE_LIFETIME_MS);
    return nonce;
  }

  isLiveNonce(nonce: string | null): boolean {
    if (nonce === null) return false;
    const expires = this.nonces.get(nonce);
    return expires !== undefined && this.now() < expires;
  }

  /** Checks form, signature, htm/htu/ath, freshness and replay; the proof's jti is spent if it passes. */
  check(proof: string | undefined, expect: ProofExpectation): ProofCheck {
    if (proof === undefined || proof === '') return { ok: false, description: 'The DPoP proof JWT header is missing.' };
    const parts = proof.split('.');
    const header = decodePart(parts[0]);
    const claims = decodePart(parts[1]);
    if (parts.length !== 3 || header === null || claims === null) return { ok: false, description: 'The DPoP proof JWT is malformed.' };
    if (header['typ'] !== 'dpop+jwt') return { ok: false, description: "The DPoP proof JWT 'typ' header must be 'dpop+jwt'." };
    const algorithm = typeof header['alg'] === 'string' ? ALGORITHMS[header['alg']] : undefined;
    if (algorithm === undefined) return { ok: false, description: "The DPoP proof JWT 'alg' is not supported." };
    const jwk = header['jwk'];
    if (typeof jwk !== 'object' || jwk === null || 'd' in jwk) return { ok: false, description: "The DPoP proof JWT 'jwk' header must be a public key." };
    let jkt: string;
    try {
      const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      const signed = verify(algorithm.hash, Buffer.from(`${parts[0]}.${parts[1]}`), algorithm.ec ? { key, dsaEncoding: 'ieee-p1363' } : key, Buffer.from(parts[2]!, 'base64url'));
      if (!signed) return { ok: false, description: 'The DPoP proof JWT signature is invalid.' };
      jkt = jwkThumbprint(jwk as Record<string, unknown>);
    } catch {
      return { ok: false, description: "The DPoP proof JWT 'jwk' header is not a usable key." };
    }
    if (claims['htm'] !== expect.htm) return { ok: false, description: "'htm' claim in the DPoP proof JWT is invalid." };
    if (claims['htu'] !== expect.htu) return { ok: false, description: "'htu' claim in the DPoP proof JWT is invalid." };
    const iat = claims['iat'];
    const nowSeconds = this.now() / 1000;
    if (typeof iat !== 'number' || iat < nowSeconds - MAX_AGE_SECONDS || iat > nowSeconds + MAX_AHEAD_SECONDS) return { ok: false, description: "'iat' claim in the DPoP proof JWT is not recent." };
    if (expect.ath !== undefined && claims['ath'] !== expect.ath) return { ok: false, description: "'ath' claim in the DPoP proof JWT is invalid." };
    const jti = claims['jti'];
    if (typeof jti !== 'string' || jti === '') return { ok: false, description: "'jti' claim is missing from the DPoP proof JWT." };
    this.forgetOld();
    if (this.seenJtis.has(jti)) return { ok: false, description: 'The DPoP proof JWT has already been used.' };
    this.seenJtis.set(jti, this.now() + (MAX_AGE_SECONDS + MAX_AHEAD_SECONDS) * 1000);
    return { ok: true, jkt, nonce: typeof claims['nonce'] === 'string' ? claims['nonce'] : null };
  }

  /**
   * A proof that reached Okta but was answered before it was checked (a 429) is spent all the
   * same: Okta refuses its jti on the retry ("The DPoP proof JWT has already been used",
   * okta/terraform-provider-okta#2392), so a client must sign a new proof for each attempt.
   */
  spend(proof: string | undefined): void {
    const jti = decodePart(proof?.split('.')[1])?.['jti'];
    if (typeof jti === 'string' && jti !== '') this.seenJtis.set(jti, this.now() + (MAX_AGE_SECONDS + MAX_AHEAD_SECONDS) * 1000);
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [jti, until] of this.seenJtis) if (until <= now) this.seenJtis.delete(jti);
    for (const [nonce, until] of this.nonces) if (until <= now) this.nonces.delete(nonce);
  }
}
