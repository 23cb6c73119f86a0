/**
 * Builds Okta `search` expressions that resolve many users in one call
 * (`profile.login eq "a" or profile.login eq "b" …`).
 *
 * The budget is set by the SDK, not by Okta's ~4 KB URL limit: its collection reads the `Link`
 * header with parse-link-header, which returns null for headers over 2,000 characters (and the SDK
 * then throws). Okta's `self` and `next` links both repeat the search, so each search stays under
 * 800 encoded characters: about 14 logins per call instead of 50.
 */
export const MAX_SEARCH_CHARS = 800;
/** Okta's search page size maximum. */
export const SEARCH_PAGE_LIMIT = 200;

export function quoteSearchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Splits values into `property eq "v" or …` expressions, each under the URL budget once encoded.
 * With several properties each value is looked for in all of them (`login eq "v" or email eq "v"`),
 * and a value's clauses always stay in one batch.
 */
export function buildSearchBatches(properties: string | readonly string[], values: readonly string[], maxChars = MAX_SEARCH_CHARS): string[] {
  const names = typeof properties === 'string' ? [properties] : properties;
  const batches: string[] = [];
  let clauses: string[] = [];
  let length = 0;
  for (const value of values) {
    const clause = names.map((property) => `${property} eq ${quoteSearchValue(value)}`).join(' or ');
    const encoded = encodeURIComponent(clause).length + encodeURIComponent(' or ').length;
    if (clauses.length > 0 && length + encoded > maxChars) {
      batches.push(clauses.join(' or '));
      clauses = [];
      length = 0;
    }
    clauses.push(clause);
    length += encoded;
  }
  if (clauses.length > 0) batches.push(clauses.join(' or '));
  return batches;
}
