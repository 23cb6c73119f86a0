import type { Approval } from '../core/approvals.ts';
import type { ResendService } from '../core/resend-service.ts';
import { plural } from '../core/views/labels.ts';
import { requestedNames } from '../core/views/approval-view.ts';
import type { Logger } from '../logging/logger.ts';
import type { ApprovalDesk } from './approval-desk.ts';

/** How often expired approvals are looked for, unless the surface is told otherwise. */
export const APPROVAL_SWEEP_MS = 60_000;

/**
 * Closes approval requests nobody decided in time. Without it an expired card would keep its
 * buttons until someone clicked, and the requester, told "you will hear back", would never hear.
 */
export interface ApprovalSweep {
  /** Resolves when a sweep in progress (if any) has finished. */
  idle(): Promise<void>;
  /** No further sweeps; resolves when the one in progress has finished. */
  stop(): Promise<void>;
}

interface SweepDeps {
  readonly service: ResendService;
  readonly desk: ApprovalDesk;
  readonly logger: Logger;
  /** 0: no sweep (expired approvals are then only closed when someone clicks them). */
  readonly intervalMs: number;
}

export function startApprovalSweep({ service, desk, logger, intervalMs }: SweepDeps): ApprovalSweep {
  let current: Promise<void> | null = null;
  const tick = (): void => {
    // A slow Bot Connector must not stack sweeps: the next tick picks up whatever is left.
    if (current) return;
    current = sweepExpiredApprovals(service, desk, logger)
      .catch((error: unknown) => logger.error({ err: error }, 'teams: the approval expiry sweep failed'))
      .finally(() => {
        current = null;
      });
  };
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null;
  // Never the reason the process stays up.
  timer?.unref();
  return {
    idle: async () => void (await current),
    async stop() {
      if (timer) clearInterval(timer);
      await current;
    },
  };
}

/**
 * One sweep: the core settles each due Teams approval as expired (a late click then gets
 * "expired") and hands it back; here its card loses the buttons and the requester is told. Both
 * chat calls are best effort: the approval is settled already, and one unreachable conversation
 * must not keep the others from being closed.
 */
export async function sweepExpiredApprovals(service: ResendService, desk: ApprovalDesk, logger: Logger): Promise<void> {
  for (const approval of await service.expireApprovals('teams')) {
    await desk.closeExpired(approval);
    const told = await desk.tellRequester(approval, async (thread) => void (await thread.say(expiredNotice(approval))));
    if (!told) logger.warn({ approvalId: approval.id }, 'teams: could not tell the requester that their approval request expired');
  }
}

/** For the requester: the names as she typed them, never the logins the approvers saw. */
export function expiredNotice(approval: Approval): string[] {
  const count = approval.entries.length;
  const whom = count === 1 ? 'that user' : `those ${plural(count, 'user')}`;
  return [`Nobody approved your request in time, so nothing was sent to ${whom}. Ask again if they still need the email, or ask your helpdesk.`, ...requestedNames(approval)];
}
