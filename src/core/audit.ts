import type { LifecycleAction } from './lifecycle.ts';
import type { PlanKind } from './resend-policy.ts';
import type { Requester } from './requester.ts';

/** One user of a plan or an approval, as the audit names them (ids and logins, never a link). */
export interface AuditedUser {
  /** What the requester typed or the file held, clipped. */
  readonly input: string;
  readonly userId: string | null;
  readonly login: string | null;
  readonly status: string | null;
  /** The lifecycle call planned, or why nothing will be called. */
  readonly decision: string;
  /** `approval`: waits for an approver. */
  readonly authority?: 'approval';
}

/** Who did what, for the audit trail. Never carries a token, a link or a secret. */
export type AuditEvent =
  | {
      readonly type: 'request';
      readonly requester: Requester;
      readonly source: string;
      readonly identifiers: number;
      readonly rejected: number;
      /** Set when the input was refused before anything was looked up. */
      readonly invalid?: string;
    }
  | {
      readonly type: 'refused';
      readonly requester: Requester;
      readonly reason: string;
      /** The plan or approval the refused click or choice was about. */
      readonly planId?: string;
      readonly approvalId?: string;
    }
  | {
      readonly type: 'plan';
      readonly planId: string;
      readonly kind: PlanKind;
      /** The plan an alternative was offered from, or the manager's plan an approval came from. */
      readonly parentId: string | null;
      readonly approvalId?: string;
      readonly requester: Requester;
      readonly send: number;
      readonly skip: number;
      readonly approval: number;
      readonly roles: readonly string[];
      readonly users: readonly AuditedUser[];
    }
  | { readonly type: 'approval_requested'; readonly approvalId: string; readonly planId: string; readonly requester: Requester; readonly users: readonly AuditedUser[] }
  | { readonly type: 'approval_posted' | 'approval_not_posted'; readonly approvalId: string; readonly planId: string; readonly detail: string }
  | {
      readonly type: 'approved' | 'denied';
      readonly approvalId: string;
      readonly planId: string;
      readonly approver: Requester;
      readonly requester: Requester;
      readonly users: readonly AuditedUser[];
    }
  | { readonly type: 'approval_expired'; readonly approvalId: string; readonly planId: string; readonly requester: Requester; readonly users: readonly AuditedUser[] }
  | { readonly type: 'confirm' | 'cancel'; readonly planId: string; readonly actor: Requester }
  | {
      /** One Okta lifecycle call: a user whose status moved since the plan makes two. */
      readonly type: 'lifecycle';
      readonly planId: string;
      /** Who confirmed (or approved) the call. */
      readonly actor: string;
      readonly userId: string;
      readonly login: string;
      /** e.g. `POST /api/v1/users/{id}/lifecycle/reactivate?sendEmail=true`. */
      readonly endpoint: string;
      readonly action: LifecycleAction;
      readonly attempt: 1 | 2;
      readonly statusBefore: string;
      /** `ok`, or the error class the gateway mapped Okta's errorCode to. */
      readonly result: string;
      readonly errorCode: string | null;
      readonly oktaRequestId: string | null;
    }
  | {
      /**
       * One Okta read: a batched search while planning, a GET of one user re-read before an
       * approval runs or after Okta said a status moved. Values are not repeated here: the plan
       * lines name every user looked up.
       */
      readonly type: 'lookup';
      /** The plan the read was for. A request refused after its lookups records no plan under this id. */
      readonly planId: string;
      readonly approvalId?: string;
      /** Whose request or click made the read. */
      readonly actor: string;
      /** `GET /api/v1/users?search` or `GET /api/v1/users/{id}`. */
      readonly endpoint: string;
      readonly userId?: string;
      readonly asked: number;
      readonly found: number;
      readonly result: string;
      readonly errorCode: string | null;
      /** One per response: each page, each retried 429. */
      readonly oktaRequestIds: readonly string[];
    }
  | {
      /** One user's outcome in a run, whether or not Okta was called. */
      readonly type: 'user_outcome';
      readonly planId: string;
      readonly input: string;
      readonly userId: string | null;
      readonly login: string | null;
      readonly statusBefore: string | null;
      readonly action: LifecycleAction | null;
      readonly outcome: string;
      readonly reason: string | null;
      readonly oktaRequestId: string | null;
    }
  | {
      readonly type: 'outcome';
      readonly planId: string;
      readonly kind: PlanKind;
      readonly requester: Requester;
      readonly actor: Requester;
      readonly sent: number;
      readonly skipped: number;
      readonly failed: number;
      /** Of the failures, users whose email may or may not have gone out. */
      readonly inDoubt?: number;
      readonly seconds: number;
    }
  | {
      /**
       * A durable run changed hands: `taken_over` by a process after its owner died or was
       * drained (`doneBefore` users were settled by then), `handed_over` on shutdown.
       */
      readonly type: 'run_taken_over' | 'run_handed_over';
      readonly planId: string;
      readonly owner: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly type: 'run_error'; readonly planId?: string; readonly detail: string }
  | {
      /** How a request ended (one line per `prepare`), with the time from request to answer. */
      readonly type: 'request_outcome';
      readonly surface: string;
      /** planned, refused, invalid, nothing or unavailable. */
      readonly outcome: string;
      readonly planId?: string;
      readonly seconds: number;
    }
  | {
      /** A plan scheduled for later: one line per send time (a start-date file makes one per date). */
      readonly type: 'scheduled';
      readonly scheduleId: string;
      readonly planId: string;
      readonly requester: Requester;
      readonly dueAt: string;
      readonly timeZone: string;
      readonly users: readonly string[];
    }
  | { readonly type: 'schedule_cancelled'; readonly scheduleId: string; readonly actor: Requester }
  | {
      /** Timed work done by a process: a scheduled send started, a follow-up or a delivery check. */
      readonly type: 'job';
      readonly jobId: string;
      readonly kind: string;
      readonly outcome: string;
      readonly detail?: string;
      readonly runId?: string;
      readonly planId?: string;
    };

/** The audit port. Writes must not throw into the flow: a sink logs its own failures. */
export interface AuditSink {
  record(event: AuditEvent): void;
}

export const discardAudit: AuditSink = { record: () => undefined };

/** Several sinks as one (the JSON-lines file and an audit channel); each keeps its own failures. */
export interface AuditFanout extends AuditSink {
  /** Adds a sink that starts later than the service (a chat surface's audit channel). */
  add(sink: AuditSink): void;
}

export function createAuditFanout(sinks: readonly AuditSink[] = []): AuditFanout {
  const all = [...sinks];
  return {
    record(event) {
      for (const sink of all) {
        try {
          sink.record(event);
        } catch {
          // A sink must not throw (see AuditSink); if one does, the others still get the event.
        }
      }
    },
    add(sink) {
      all.push(sink);
    },
  };
}

/** The path of a lifecycle call, as Okta documents it (the id is Okta's, never a secret). */
export function endpointOf(action: LifecycleAction, userId: string): string {
  return `POST /api/v1/users/${userId}/lifecycle/${action}?sendEmail=true`;
}
