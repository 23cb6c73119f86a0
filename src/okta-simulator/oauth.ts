// POST /oauth2/v1/token: the client_credentials + private_key_jwt flow the SDK's PrivateKey mode uses.
import { DpopVerifier } from './dpop.ts';
import { ok } from './errors.ts';
import type { SimResponse } from './errors.ts';
import { randomAlphanumeric } from './ids.ts';

/** Okta: org access tokens for service apps live one hour. */
const ACCESS_TOKEN_SECONDS = 3600;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** OAuth endpoints answer with RFC 6749 errors ({error, error_description}), not Okta's E-codes. */
function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, body: { error, error_description: description }, errorCode: error };
}

function decodeJwtPayload(jwt: string): Record<string, unknown> | null {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A live token: its scopes, and for a DPoP-bound one the thumbprint of the key it is bound to (`cnf.jkt`). */
export interface IssuedToken {
  readonly scopes: ReadonlySet<string>;
  readonly jkt: string | null;
}

export class OAuthTokens {
  private readonly tokens = new Map<string, IssuedToken & { readonly expires: number }>();
  readonly dpop: DpopVerifier;

  constructor(
    readonly clientId: string | undefined,
    private readonly now: () => number,
    /** The app's granted scopes; undefined: whatever is asked for (see SimulatorOptions.oauthGrantedScopes). */
    private readonly grantedScopes?: readonly string[],
    /** Okta's "Require DPoP" switch on the service app (on by default for apps created since 2024). */
    readonly requireDpop = false,
  ) {
    this.dpop = new DpopVerifier(now);
  }

  /**
   * The signature of client_assertion is not verified: the simulator only checks iss/sub/exp.
   * DPoP proofs are verified in full. Without "Require DPoP" a proof is ignored (the SDK always
   * sends one) and a Bearer token is issued.
   */
  issue(form: URLSearchParams, dpopProof?: string, tokenUrl = ''): SimResponse {
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    }
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return oauthError(400, 'invalid_request', `client_assertion_type must be ${JWT_BEARER}.`);
    }
    const payload = decodeJwtPayload(form.get('client_assertion') ?? '');
    if (payload === null) return oauthError(401, 'invalid_client', 'The client_assertion is not a valid JWT.');
    if (this.clientId === undefined || payload['iss'] !== this.clientId || payload['sub'] !== this.clientId) {
      return oauthError(401, 'invalid_client', 'The client_assertion token issuer/subject does not match a known client.');
    }
    const exp = payload['exp'];
    if (typeof exp === 'number' && exp * 1000 <= this.now()) {
      return oauthError(401, 'invalid_client', 'The client_assertion token is expired.');
    }
    const scopes = new Set((form.get('scope') ?? '').split(/\s+/).filter((scope) => scope !== ''));
    if (this.grantedScopes !== undefined) {
      // Okta: one scope the app was not granted fails the whole request; nothing is granted.
      const refused = [...scopes].filter((scope) => !this.grantedScopes?.includes(scope));
      if (refused.length > 0) return oauthError(400, 'invalid_scope', `The following scopes are not allowed: ${refused.join(' ')}`);
      if (scopes.size === 0) return oauthError(400, 'invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
    }
    let jkt: string | null = null;
    if (this.requireDpop) {
      const proof = this.dpop.check(dpopProof, { htm: 'POST', htu: tokenUrl });
      if (!proof.ok) return oauthError(400, 'invalid_dpop_proof', proof.description);
      // Okta (RFC 9449 §8): the first proof carries no nonce; the answer names one to sign.
      if (!this.dpop.isLiveNonce(proof.nonce)) {
        return { ...oauthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.'), headers: { 'DPoP-Nonce': this.dpop.issueNonce() } };
      }
      jkt = proof.jkt;
    }
    const token = `simat${randomAlphanumeric(40)}`;
    this.tokens.set(token, { expires: this.now() + ACCESS_TOKEN_SECONDS * 1000, scopes, jkt });
    return ok({
      token_type: jkt === null ? 'Bearer' : 'DPoP',
      expires_in: ACCESS_TOKEN_SECONDS,
      access_token: token,
      scope: form.get('scope') ?? '',
    });
  }

  /** A live token's grant, or null for an unknown or expired token. */
  tokenOf(token: string): IssuedToken | null {
    const issued = this.tokens.get(token);
    return issued !== undefined && this.now() < issued.expires ? issued : null;
  }
}
