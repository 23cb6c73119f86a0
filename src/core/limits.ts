/**
 * Input limits. Anything over them is refused with a clear message before Okta is called.
 * Sized for "a thousand new hires" with room to spare, and small enough that a wrong upload
 * (a 50 MB export, 100,000 rows) cannot tie the bot up.
 */
export const INPUT_LIMITS = {
  /** Bytes in one uploaded file. Okta's user report export for 5,000 users is well under this. */
  maxFileBytes: 5 * 1024 * 1024,
  /** Data rows in one file, before deduplication. */
  maxRows: 10_000,
  /** Distinct identifiers in one request: a 10,000-row HR file of different people fits. */
  maxIdentifiers: 10_000,
  /** Characters in one line of a file or of pasted text. */
  maxLineLength: 4_096,
  /** Characters in one identifier (RFC 5321 caps an address at 254). */
  maxIdentifierLength: 254,
} as const;

export type InputLimits = { readonly [K in keyof typeof INPUT_LIMITS]: number };
