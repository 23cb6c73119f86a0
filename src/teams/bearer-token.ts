/**
 * Bot Framework and Entra ID sign the tokens Teams sends with RS256, naming the signing key by
 * `kid`, which the Teams SDK looks up in the keys it fetches from the Bot Framework's key set
 * (login.botframework.com). A token signed another way (HS256 with any secret, `alg: none`), or
 * naming no key, can never verify, and one that expired long ago cannot either; refusing those
 * here answers 401 at once, without making the SDK fetch remote keys for a forgery.
 */
export const TRUSTED_ALGORITHM = 'RS256';
/** The Teams SDK's clock tolerance for `exp` (its JwtValidator allows five minutes). */
const CLOCK_TOLERANCE_SECONDS = 300;

/** Why this Authorization header cannot carry a token we would ever trust; null: let the SDK verify it. */
export function untrustableTokenReason(authorization: string | undefined, nowSeconds: number): string | null {
  if (!authorization) return 'no Authorization header';
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) return 'not a bearer token';
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature || token.split('.').length !== 3) return 'not a signed JWT';
  const header = decodePart(head);
  const claims = decodePart(body);
  if (!header || !claims) return 'not a JWT';
  if (header.alg !== TRUSTED_ALGORITHM) return `signed with ${String(header.alg)}, not ${TRUSTED_ALGORITHM}`;
  if (typeof header.kid !== 'string' || header.kid === '') return 'names no signing key (kid)';
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_TOLERANCE_SECONDS < nowSeconds) return 'expired or without expiry';
  return null;
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
