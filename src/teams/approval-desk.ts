import type { Approval } from '../core/approvals.ts';
import { describeApproval } from '../core/views/approval-view.ts';
import type { Logger } from '../logging/logger.ts';
import { renderApprovalCard } from './cards/approval-card.ts';
import { referenceTo } from './conversation-reference.ts';
import type { Proactive } from './proactive.ts';
import { threadOf, type Thread } from './thread.ts';

export type ApprovalPosting = 'posted' | 'not_configured' | 'failed';

/** Where managers' requests meet approvers, and how the requester hears back. */
export interface ApprovalDesk {
  /** Posts the approval card (Approve / Deny) as a new post in the approval conversation. */
  request(approval: Approval): Promise<ApprovalPosting>;
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
        return 'not_configured';
      }
      // The approval channel is in the requester's tenant and reached through the same service URL.
      const reference = referenceTo(approval.replyTo, { id: conversationId, conversationType: 'channel' });
      if (!reference) {
        logger.error({ approvalId: approval.id }, 'teams: the approval has no Teams conversation to reach the approval channel through');
        return 'failed';
      }
      try {
        await proactive(reference, async (context) => {
          await threadOf(context, null).sendCard(renderApprovalCard(describeApproval(approval)));
        });
        return 'posted';
      } catch (error) {
        // Typically 403 BotNotInConversationRoster: the app is not installed in that channel's team.
        logger.error({ err: error, approvalId: approval.id }, 'teams: could not post the approval request into APPROVAL_TEAMS_CHANNEL');
        return 'failed';
      }
    },
    async tellRequester(approval, post) {
      const reference = referenceTo(approval.replyTo);
      if (!reference) return false;
      try {
        await proactive(reference, (context) => post(threadOf(context, approval.replyTo?.replyToId ?? null)));
        return true;
      } catch (error) {
        logger.warn({ err: error, approvalId: approval.id }, 'teams: could not report the approval decision to the requester');
        return false;
      }
    },
  };
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
