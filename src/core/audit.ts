import type { LifecycleAction } from './lifecycle.ts';
import type { Requester } from './requester.ts';

/** Who did what, for the audit trail. Never carries a token, a link or a secret. */
export type AuditEvent =
  | { readonly type: 'request'; readonly requester: Requester; readonly source: string; readonly identifiers: number; readonly rejected: number }
  | { readonly type: 'refused'; readonly requester: Requester; readonly reason: string }
  | {
      readonly type: 'plan';
      readonly planId: string;
      readonly requester: Requester;
      readonly send: number;
      readonly skip: number;
      readonly approval: number;
      readonly roles: readonly string[];
      readonly alternative?: string;
    }
  | { readonly type: 'approval_requested'; readonly approvalId: string; readonly planId: string; readonly requester: Requester; readonly users: number }
  | { readonly type: 'approved' | 'denied'; readonly approvalId: string; readonly planId: string; readonly approver: Requester; readonly requester: Requester }
  | { readonly type: 'confirm' | 'cancel'; readonly planId: string; readonly actor: Requester }
  | {
      readonly type: 'lifecycle';
      readonly planId: string;
      /** Who confirmed (or approved) the call. */
      readonly actor: string;
      readonly userId: string;
      readonly login: string | null;
      readonly action: LifecycleAction;
      readonly statusBefore: string | null;
      readonly outcome: string;
      readonly reason: string | null;
      readonly oktaRequestId: string | null;
    }
  | { readonly type: 'outcome'; readonly planId: string; readonly sent: number; readonly skipped: number; readonly failed: number };

/** The audit port. Writes must not throw into the flow: a sink logs its own failures. */
export interface AuditSink {
  record(event: AuditEvent): void;
}

export const discardAudit: AuditSink = { record: () => undefined };
