/**
 * Searching for each identifier or listing the whole org: both spend the users-list bucket, so
 * the cheaper one is the one with fewer requests. A search resolves about 30 addresses (Okta's
 * ~4 KB URL), a listing page 200 users of the org, whoever they are: a list of 1,000 new hires
 * is 33 searches, an org of 5,000 users 25 pages.
 *
 * The bot cannot know the org's size up front (Okta sends no count), so it finds out by
 * listing: a listing gets a page budget of one less than the searches it would replace and is
 * given up when it runs out (the worst case, once: twice the searches). What a listing learned is
 * kept — the size of an org listed in full, or "more than N pages" of one given up on — so later
 * lists skip a listing that cannot pay off.
 *
 * The bucket decides too: when the pacer knows the users-list budget and the searches are a small
 * share of one window (SMALL_SHARE), they are searched: the window has room for them, they run 8
 * at a time, and a listing's pages, one after the other, would only be slower.
 */

/** Fewer searches than this are never worth a listing (it takes one page per chain at least, one after the other). */
export const MIN_SEARCHES_FOR_LISTING = 3;

/** Searches taking at most this share of the users-list budget per window are cheap enough to send as they are. */
export const SMALL_SHARE = 0.05;

/** How long what a listing learned of the org's size is trusted (orgs grow, but not by the minute). */
export const ORG_SIZE_MEMORY_MS = 60 * 60_000;

export type LookupChoice = { readonly kind: 'search' } | { readonly kind: 'list'; readonly maxPages: number };

/** The org's size in listing pages, as the last listing found it. */
export interface OrgSize {
  readonly pages: number;
  /** false: the listing was given up after `pages` pages, so the org is bigger. */
  readonly complete: boolean;
  readonly at: number;
}

export interface LookupFacts {
  /** Search requests the identifiers would take. */
  readonly searches: number;
  /** What the last listing learned (null: nothing yet, or too long ago). */
  readonly orgSize: OrgSize | null;
  /** The users-list budget per window, when the pacer knows it. */
  readonly listBudget: number | null;
}

export function chooseLookup({ searches, orgSize, listBudget }: LookupFacts): LookupChoice {
  if (searches < MIN_SEARCHES_FOR_LISTING) return { kind: 'search' };
  if (listBudget !== null && searches <= listBudget * SMALL_SHARE) return { kind: 'search' };
  // A listing costs what the last one took (a page more for growth), or more than a given-up one took.
  if (orgSize && orgSize.pages + 1 >= searches) return { kind: 'search' };
  return { kind: 'list', maxPages: searches - 1 };
}

/** What a listing teaches about the org, kept for the next choice. */
export class OrgSizeMemory {
  private size: OrgSize | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  get(): OrgSize | null {
    if (this.size && this.now() - this.size.at > ORG_SIZE_MEMORY_MS) this.size = null;
    return this.size;
  }

  /** A listing given up on only raises what is known: the org has at least that many pages. */
  learn(pages: number, complete: boolean): void {
    const known = this.get();
    if (!complete && known && known.pages > pages) return;
    this.size = { pages, complete, at: this.now() };
  }
}
