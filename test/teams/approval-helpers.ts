import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import type { JsonObject, PostedActivity } from '../support/fake-bot-connector.ts';
import { ADA, cardActions, cardClick, cardOf, cardTexts, D, isPlanCard, MARIA, personalMessage, ROOT, textOf, withTeams, type HarnessOptions, type TeamsHarness } from './teams-harness.ts';

// What the approval tests share: Maria (a manager, no role) in her personal chat, her hires in
// Okta, and an approval channel where Ada (an approver) and Root (an admin) decide.

export const APPROVALS = '19:approvals0123@thread.tacv2';
/** The personal chat of the recorded fixture (message-personal.json). */
export const PERSONAL = 'a:1xYzPersonalConversation';
export const MARIA_OKTA_ID = '00umaria0000000000001';

export const MARIA_OKTA: SimulatorSeedUser = { id: MARIA_OKTA_ID, login: `maria.boss@${D}`, status: 'ACTIVE', activated: '2020-01-01T00:00:00.000Z', hasPassword: true };

export const APPROVAL_USERS: SimulatorSeedUser[] = [
  MARIA_OKTA,
  { login: `mine.byid@${D}`, status: 'PROVISIONED', managerId: MARIA_OKTA_ID },
  { login: `mine.byname@${D}`, status: 'STAGED', manager: `Maria.Boss@${D}` },
  { login: `other.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
  { login: `second.hire@${D}`, status: 'STAGED', manager: `someone.else@${D}` },
  // An approver who is also a manager in Okta, to show that nobody approves their own request.
  { login: `ada@${D}`, status: 'ACTIVE', activated: '2020-01-01T00:00:00.000Z', hasPassword: true },
];

export const withHarness = (body: (h: TeamsHarness) => Promise<void>, options: HarnessOptions = {}) =>
  withTeams(body, { users: APPROVAL_USERS, approvers: [ADA.aadObjectId], admins: [ROOT.aadObjectId], approvalConversationId: APPROVALS, ...options });

export const mailed = (h: TeamsHarness) => h.rt.sim.outbox.map((mail) => mail.to).sort();
export const planIdOf = (plan: PostedActivity): string => String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
export const inApprovals = (m: PostedActivity) => m.conversationId === APPROVALS;
export const isApprovalCard = (m: PostedActivity) => inApprovals(m) && cardActions(cardOf(m)).some((a) => (a.data as JsonObject).action === 'approve');
export const approvalIdOf = (card: PostedActivity): string => String((cardActions(cardOf(card))[0]?.data as JsonObject).approvalId);
export const lastText = (m: PostedActivity | undefined): string => (m ? (cardTexts(cardOf(m)).at(-1) ?? '') : '');
/** Text replies (not cards) posted into a conversation or one of its threads, Markdown escapes removed. */
export const textsIn = (h: TeamsHarness, conversation: string) =>
  h.connector.posted().filter((m) => m.conversationId.split(';')[0] === conversation && textOf(m) !== '').map((m) => textOf(m).replace(/\\(.)/g, '$1'));

/** Maria asks for `logins` in her personal chat and confirms; resolves once her plan card settled. */
export async function mariaConfirms(h: TeamsHarness, logins: string[], from = MARIA): Promise<PostedActivity> {
  await h.post(personalMessage(`resend activation ${logins.map((l) => `${l}@${D}`).join(' ')}`, from));
  const plan = await h.connector.waitFor(isPlanCard);
  await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(plan) }, from));
  await h.connector.waitUntil(() => /^(Done|Confirmed by .* — (waiting|nothing))/.test(lastText(h.connector.message(plan.id))));
  return h.connector.message(plan.id)!;
}

export async function approvalCard(h: TeamsHarness): Promise<PostedActivity> {
  return h.connector.waitFor(isApprovalCard);
}
