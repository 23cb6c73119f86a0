import type { ReplyTarget } from '../approvals.ts';
import type { Identifier, RejectedInput } from '../identifiers.ts';
import type { PlanSource } from '../plan.ts';
import type { Requester, Surface } from '../requester.ts';
import type { KeyValueStore } from '../store.ts';

/** A plan confirmed for later: at `dueAt` the people are looked up again and planned with the requester's rights then. */
export interface ScheduledSend {
  readonly kind: 'scheduled_send';
  readonly id: string;
  readonly dueAt: number;
  readonly timeZone: string;
  readonly requester: Requester;
  readonly identifiers: readonly Identifier[];
  readonly rejected: readonly RejectedInput[];
  readonly source: PlanSource;
  /** The plan it was scheduled from (shown to people; the send makes a plan of its own). */
  readonly fromPlanId: string;
  /** Set when scheduled per row: everyone here starts that day. */
  readonly startDate: string | null;
  readonly surface: Surface;
  readonly replyTo: ReplyTarget | null;
  readonly createdAt: number;
}

/** After a run: who activated (`follow_up`), and a last call before the links expire (`link_expiry`). */
export interface FollowUpJob {
  readonly kind: 'follow_up';
  readonly id: string;
  readonly dueAt: number;
  readonly runId: string;
  readonly reason: 'follow_up' | 'link_expiry';
  readonly surface: Surface;
  readonly replyTo: ReplyTarget | null;
  readonly createdAt: number;
}

/** A few minutes after a run: Okta's System Log asked once for the emails that did not arrive. */
export interface DeliveryCheckJob {
  readonly kind: 'delivery_check';
  readonly id: string;
  readonly dueAt: number;
  readonly runId: string;
  readonly surface: Surface;
  readonly replyTo: ReplyTarget | null;
  readonly createdAt: number;
}

export type TimedJob = ScheduledSend | FollowUpJob | DeliveryCheckJob;

/** How a job ended: the first of "started" (a process took it) and "cancelled" (someone did) wins. */
export type JobState = { readonly state: 'started'; readonly at: number } | { readonly state: 'cancelled'; readonly at: number; readonly by: Requester };

const DUE_KEY = 'jobs:due';
const SCHEDULED_KEY = 'jobs:scheduled';
/** Jobs and their state are kept a week past their time (for "already sent" and listings). */
const KEEP_AFTER_DUE_SECONDS = 7 * 24 * 60 * 60;
/** A queue lives as long as the furthest job in it could: a year ahead is far beyond any start date. */
const QUEUE_SECONDS = 400 * 24 * 60 * 60;

/** Timed work in the store: the jobs, the queue by due time, the claims and the outcomes. */
export class TimedJobStore {
  constructor(private readonly store: KeyValueStore) {}

  async add(job: TimedJob, now: number): Promise<void> {
    await this.store.set(this.jobKey(job.id), job, this.ttl(job, now));
    if (job.kind === 'scheduled_send') await this.store.addToSet(SCHEDULED_KEY, job.id, QUEUE_SECONDS);
    await this.store.queueAdd(DUE_KEY, job.id, job.dueAt, QUEUE_SECONDS);
  }

  get(id: string): Promise<TimedJob | undefined> {
    return this.store.get<TimedJob>(this.jobKey(id));
  }

  due(now: number, limit: number): Promise<Array<{ readonly member: string; readonly dueAt: number }>> {
    return this.store.queueDue(DUE_KEY, now, limit);
  }

  /** One process at a time works on a job; a claim that lapses (the process died) frees it again. */
  claim(id: string, owner: string, seconds: number): Promise<boolean> {
    return this.store.setIfAbsent(`job-claim:${id}`, owner, seconds);
  }

  async release(id: string, owner: string): Promise<void> {
    await this.store.deleteIfEquals(`job-claim:${id}`, owner);
  }

  /** The first decision wins: a job is started once, and a cancelled one never. */
  async settle(job: TimedJob, state: JobState, now: number): Promise<{ won: boolean; state: JobState }> {
    const key = `job-state:${job.id}`;
    if (await this.store.setIfAbsent(key, state, this.ttl(job, now))) return { won: true, state };
    return { won: false, state: (await this.store.get<JobState>(key)) ?? state };
  }

  state(id: string): Promise<JobState | undefined> {
    return this.store.get<JobState>(`job-state:${id}`);
  }

  /** Out of the queue (done or cancelled); a scheduled send also leaves the listing. */
  async finish(job: TimedJob): Promise<void> {
    await this.store.queueRemove(DUE_KEY, [job.id]);
    if (job.kind === 'scheduled_send') await this.store.removeFromSet(SCHEDULED_KEY, [job.id]);
  }

  /** Scheduled sends not yet started or cancelled. */
  async scheduled(): Promise<ScheduledSend[]> {
    const jobs: ScheduledSend[] = [];
    const gone: string[] = [];
    for (const id of await this.store.setMembers(SCHEDULED_KEY)) {
      const job = await this.get(id);
      if (job?.kind === 'scheduled_send') jobs.push(job);
      else gone.push(id);
    }
    if (gone.length > 0) await this.store.removeFromSet(SCHEDULED_KEY, gone);
    return jobs.sort((a, b) => a.dueAt - b.dueAt);
  }

  private jobKey(id: string): string {
    return `job:${id}`;
  }

  private ttl(job: TimedJob, now: number): number {
    return Math.max(1, Math.ceil((job.dueAt - now) / 1000)) + KEEP_AFTER_DUE_SECONDS;
  }
}
