import type { Approval } from './approvals.ts';
import { endpointOf, type AuditSink } from './audit.ts';
import { auditedUsers } from './audit-users.ts';
import type { LifecycleCall } from './execute-plan.ts';
import type { DirectoryRead } from './lifecycle.ts';
import type { Plan } from './plan.ts';
import type { Requester } from './requester.ts';
import type { EntryResult } from './run-report.ts';

/**
 * The service's audit lines, built in one place: each names the plan it belongs to and never
 * carries a token or a link (see AuditEvent).
 */
export class ServiceAudit {
  constructor(private readonly audit: AuditSink) {}

  plan(plan: Plan, roles: ReadonlySet<string>, approvalId?: string): void {
    const { send, skip, approval } = plan.counts;
    this.audit.record({
      type: 'plan',
      planId: plan.id,
      kind: plan.kind,
      parentId: plan.parentId,
      ...(approvalId ? { approvalId } : {}),
      requester: plan.requester,
      send,
      skip,
      approval,
      roles: [...roles],
      users: auditedUsers(plan.entries),
    });
  }

  expired(approval: Approval): void {
    this.audit.record({ type: 'approval_expired', approvalId: approval.id, planId: approval.planId, requester: approval.requester, users: auditedUsers(approval.entries) });
  }

  call(planId: string, actor: Requester, call: LifecycleCall): void {
    const { result } = call;
    this.audit.record({
      type: 'lifecycle',
      planId,
      actor: actor.userId,
      userId: call.userId,
      login: call.login,
      endpoint: endpointOf(call.action, call.userId),
      action: call.action,
      attempt: call.attempt,
      statusBefore: call.statusBefore,
      result: result.ok ? 'ok' : result.code,
      errorCode: result.ok ? null : result.errorCode,
      oktaRequestId: result.requestId,
    });
  }

  read(read: DirectoryRead, about: { planId: string; actor: Requester; approvalId?: string; userId?: string }): void {
    const { requestIds, ...rest } = read;
    this.audit.record({
      type: 'lookup',
      planId: about.planId,
      ...(about.approvalId ? { approvalId: about.approvalId } : {}),
      actor: about.actor.userId,
      ...(about.userId ? { userId: about.userId } : {}),
      ...rest,
      oktaRequestIds: requestIds,
    });
  }

  result(planId: string, result: EntryResult): void {
    this.audit.record({
      type: 'user_outcome',
      planId,
      input: result.identifier.raw.slice(0, 200),
      userId: result.userId,
      login: result.login,
      statusBefore: result.statusBefore,
      action: result.action,
      outcome: result.outcome,
      reason: result.reason,
      oktaRequestId: result.requestId,
    });
  }
}
