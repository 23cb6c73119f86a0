import type { EntryResult } from '../run-report.ts';

/**
 * Who reads a report, which decides what each row may say:
 * - `runner`: the thread the run happened in (whoever confirmed it, or the approver who approved
 *   it). Rows the plan marked restricted (a manager's own run: users who are not her reports) say
 *   nothing Okta holds; every other row is shown in full.
 * - `requester`: the requester of an approved run, told in her own thread. Approvals exist only for
 *   requesters without a role, and an approval holds only users who are not her reports, so of
 *   each she learns the name as she typed it and whether an email went out: no status, login, id
 *   or reason (README, "Who may do what").
 */
export type ReportViewer = 'runner' | 'requester';

/** How much of one result a viewer may read. */
export type Disclosure = 'full' | 'restricted' | 'sent_or_not';

export function disclosureOf(result: Pick<EntryResult, 'restricted'>, viewer: ReportViewer): Disclosure {
  if (viewer === 'requester') return 'sent_or_not';
  return result.restricted ? 'restricted' : 'full';
}

/**
 * All a `sent_or_not` row says: skipped and failed read the same, since why is Okta's to know. A
 * call in doubt (it timed out; an email may have gone out) is neither: saying "not sent" could be
 * wrong, and the doubt is the bot's, not something Okta holds about the person.
 */
export type SentOrNot = 'sent' | 'not sent' | 'not confirmed';

export function sentOrNot(result: Pick<EntryResult, 'outcome' | 'reason'>): SentOrNot {
  if (result.outcome === 'sent') return 'sent';
  return result.reason === 'in_doubt' ? 'not confirmed' : 'not sent';
}
