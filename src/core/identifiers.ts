/** What a requester typed or uploaded to name one person, after parsing. */
export type IdentifierKind = 'email' | 'login' | 'oktaId';

export interface Identifier {
  /** How it was written, trimmed (for echoing back; escape before rendering). */
  readonly raw: string;
  readonly kind: IdentifierKind;
  /** Normalised value used for lookups: emails and logins lower-cased, Okta ids as written. */
  readonly value: string;
  /** 1-based line of the source text or file it came from. */
  readonly line: number;
  /** From a file's start-date column (YYYY-MM-DD): the morning this person should get the email. */
  readonly startDate?: string;
}

/** An input row that could not be used, with the reason shown to the requester. */
export interface RejectedInput {
  readonly line: number;
  readonly raw: string;
  readonly reason: string;
}

export interface ParsedIdentifiers {
  readonly identifiers: readonly Identifier[];
  readonly rejected: readonly RejectedInput[];
  /** How many entries were dropped because they repeated an earlier one (case-insensitively). */
  readonly duplicates: number;
}

/** Okta user ids are 20 characters starting with 00u (e.g. 00u1a2b3c4d5e6f7g8h9). */
export const OKTA_USER_ID = /^00u[A-Za-z0-9]{17}$/;

/** Deduplication key: Okta logins and emails compare case-insensitively. */
export function identifierKey(identifier: Pick<Identifier, 'kind' | 'value'>): string {
  return identifier.kind === 'oktaId' ? `id:${identifier.value}` : `name:${identifier.value.toLowerCase()}`;
}
