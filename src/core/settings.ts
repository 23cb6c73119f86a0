import { INPUT_LIMITS, type InputLimits } from './limits.ts';
import { BULK_RUN_MIN_USERS } from './runs/bulk-turn.ts';

export interface ResendSettings {
  readonly planTtlSeconds: number;
  readonly suppressionSeconds: number;
  readonly concurrency: number;
  readonly limits: InputLimits;
  /** Users one request may name when the requester has no role (a manager). */
  readonly managerMaxUsers: number;
  /** Requests per sliding hour for a requester without a role. */
  readonly managerMaxRequestsPerHour: number;
  readonly approvalTtlSeconds: number;
  /** A durable run's lease: how soon another process takes over a run whose process died. */
  readonly runLeaseSeconds: number;
  /**
   * Runs of at least this many emails take turns at the org's rate limit across processes
   * (see runs/bulk-turn.ts); Infinity turns the turns off (the benchmark measures both).
   */
  readonly bulkRunMinUsers: number;
  /** SCHEDULE_TIME: when per-row start-date sends go out, in the requester's time zone (HH:MM). */
  readonly scheduleTime: string;
  /** FOLLOW_UP_HOURS in seconds (0: no follow-up). */
  readonly followUpSeconds: number;
  /** ACTIVATION_LINK_DAYS: the org's activation link lifetime; the day before, pending users are named again. */
  readonly activationLinkDays: number;
  /** DELIVERY_CHECK_MINUTES in seconds (0: no delivery check). */
  readonly deliveryCheckSeconds: number;
  /** How often each process looks for timed work that is due. */
  readonly timedWorkIntervalMs: number;
}

export const DEFAULT_SETTINGS: ResendSettings = {
  planTtlSeconds: 15 * 60,
  suppressionSeconds: 10 * 60,
  concurrency: 32,
  limits: INPUT_LIMITS,
  managerMaxUsers: 10,
  managerMaxRequestsPerHour: 5,
  approvalTtlSeconds: 24 * 60 * 60,
  runLeaseSeconds: 15,
  bulkRunMinUsers: BULK_RUN_MIN_USERS,
  scheduleTime: '08:00',
  followUpSeconds: 24 * 60 * 60,
  activationLinkDays: 7,
  deliveryCheckSeconds: 5 * 60,
  timedWorkIntervalMs: 2_000,
};
