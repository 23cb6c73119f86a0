import type { Approval, ReplyTarget } from '../core/approvals.ts';
import type { Logger } from '../logging/logger.ts';
import { renderApprovalCard } from './cards/approval-card.ts';
import { referenceTo } from './conversation-reference.ts';
import type { Proactive } from './proactive.ts';
import { connectorStatus } from './teams-turn.ts';
import { threadOf, type Thread } from './thread.ts';

/**
 * What became of posting an approval card. `at` is what the core keeps so that the card can be
 * closed later (the expiry sweep): the approval conversation's reply target plus the card's
 * `activityId` (absent if the connector returned no id). `why` is for the audit trail.
 */
export type ApprovalPosting =
  | { readonly kind: 'posted'; readonly at: ReplyTarget }
  | { readonly kind: 'not_configured' | 'failed'; readonly why: string };

/** Where managers' requests meet approvers, and how the requester hears back. */
export interface ApprovalDesk {
  /** Posts the approval card (Approve / Deny) as a new post in the approval conversation. */
  request(approval: Approval): Promise<ApprovalPosting>;
  /** Turns the posted card (approval.postedAt) into its expired state; false if it cannot. */
  closeExpired(approval: Approval): Promise<boolean>;
  /** Posts into the thread where the requester confirmed (the approval's replyTo); false if it cannot. */
  tellRequester(approval: Approval, post: (thread: Thread) => Promise<void>): Promise<boolean>;
}

interface DeskDeps {
  readonly proactive: Proactive;
  /** APPROVAL_TEAMS_CHANNEL, already normalised; null: approvals are not configured for Teams. */
  readonly conversationId: string | null;
  readonly logger: Logger;
}

export function createApprovalDesk({ proactive, conversationId, logger }: DeskDeps): ApprovalDesk {
  return {
    async request(approval) {
      if (!conversationId) {
        logger.warn({ approvalId: approval.id }, 'teams: a request needs an approver but APPROVAL_TEAMS_CHANNEL is not set; those users were not sent');
        return { kind: 'not_configured', why: 'APPROVAL_TEAMS_CHANNEL is not set' };
      }
      // The approval channel is in the requester's tenant and reached through the same service URL.
      const reference = referenceTo(approval.replyTo, { id: conversationId, conversationType: 'channel' });
      if (!reference) {
        logger.error({ approvalId: approval.id }, 'teams: the approval has no Teams conversation to reach the approval channel through');
        return { kind: 'failed', why: 'no Teams conversation to reach APPROVAL_TEAMS_CHANNEL through' };
      }
      try {
        const posted: { at: ReplyTarget } = { at: {} };
        await proactive(reference, async (turn) => {
          const thread = threadOf(turn, null);
          const activityId = await thread.sendCard(renderApprovalCard(approval));
          posted.at = { ...thread.replyTarget(), ...(activityId ? { activityId } : {}) };
        });
        return { kind: 'posted', at: posted.at };
      } catch (error) {
        // Typically 403 BotNotInConversationRoster: the app is not installed in that channel's team.
        logger.error({ err: error, approvalId: approval.id }, 'teams: could not post the approval request into APPROVAL_TEAMS_CHANNEL');
        return { kind: 'failed', why: `could not post into APPROVAL_TEAMS_CHANNEL${statusOf(error)}` };
      }
    },
    async closeExpired(approval) {
      const activityId = approval.postedAt?.activityId;
      const reference = referenceTo(approval.postedAt);
      if (!activityId || !reference) return false;
      try {
        await proactive(reference, (turn) => threadOf(turn, null).updateCard(activityId, renderApprovalCard(approval, { kind: 'expired' })));
        return true;
      } catch (error) {
        logger.warn({ err: error, approvalId: approval.id }, 'teams: could not close the expired approval card');
        return false;
      }
    },
    async tellRequester(approval, post) {
      const reference = referenceTo(approval.replyTo);
      if (!reference) return false;
      try {
        await proactive(reference, (turn) => post(threadOf(turn, approval.replyTo?.replyToId ?? null)));
        return true;
      } catch (error) {
        logger.warn({ err: error, approvalId: approval.id }, 'teams: could not report to the requester');
        return false;
      }
    },
  };
}

/** The connector's HTTP status, when the error carries one. */
function statusOf(error: unknown): string {
  const status = connectorStatus(error);
  return status === null ? '' : ` (HTTP ${status})`;
}

/**
 * APPROVAL_TEAMS_CHANNEL as people paste it: the conversation id itself (`19:…@thread.tacv2`), the
 * same URL-encoded, or the whole "Get link to channel" URL, which holds it encoded after /channel/.
 */
export function approvalConversationIdOf(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) return null;
  const fromLink = /\/l\/channel\/([^/?#]+)/.exec(trimmed)?.[1];
  const raw = fromLink ?? trimmed;
  try {
    return /%[0-9a-f]{2}/i.test(raw) ? decodeURIComponent(raw) : raw;
  } catch {
    return raw;
  }
}
