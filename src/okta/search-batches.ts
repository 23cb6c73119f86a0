/**
 * Builds Okta `search` expressions that resolve many users in one call
 * (`profile.login eq "a" or profile.login eq "b" …`).
 *
 * The budget is Okta's: keep the URL under ~4 KB (okta-lifecycle.md). The caller passes what is
 * left of that for the expression once the org URL is counted (users-pages.ts, searchBudget):
 * about 30 addresses a search when login and email are both searched, 60 logins alone. (The SDK's
 * collection cannot page such a search: its Link parser gives up at 2,000 characters, which is
 * why users-pages.ts reads the Link header itself.)
 */
export const MAX_SEARCH_CHARS = 3800;

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
