/**
 * The only reader of the environment. Validated once at start-up with zod; every error names the
 * variable to set. Contracts (names) are in shared/design.md.
 */
import { z } from 'zod';
import { roleEntryKind, type RoleLists } from './core/authorization.ts';
import { isLoopbackHost, normaliseOrgUrl } from './okta/org-url.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface OktaSettings {
  readonly orgUrl: string;
  readonly auth:
    | { readonly kind: 'apiToken'; readonly token: string }
    | { readonly kind: 'privateKey'; readonly clientId: string; readonly privateKey: string; readonly keyId?: string };
  readonly rateLimitReserve: number;
  /** OKTA_TIMEOUT_SECONDS: the most one Okta request may take (an answer, not a hung socket). */
  readonly timeoutSeconds: number;
  /** OKTA_MAX_WAIT_SECONDS: the longest a request waits for a rate-limit window before the user is told. */
  readonly maxWaitSeconds: number;
}

export interface SlackSettings {
  readonly botToken: string;
  readonly signingSecret: string | null;
  readonly appToken: string | null;
  readonly apiUrl: string | null;
}

/** Where the bot keeps its state (see src/store): Redis when REDIS_URL is set, else this process's memory. */
export interface StoreSettings {
  /** redis:// or rediss:// with credentials in the URL; null: in memory (lost on restart). */
  readonly redisUrl: string | null;
  /** Every key starts with this, so several bots (or environments) can share one Redis. */
  readonly keyPrefix: string;
}

export interface TeamsSettings {
  readonly appId: string | null;
  readonly appPassword: string | null;
  readonly tenantId: string | null;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export interface AppConfig {
  /** null: no Okta configured — the server runs the embedded simulator (the demo). */
  readonly okta: OktaSettings | null;
  readonly slack: SlackSettings | null;
  readonly teams: TeamsSettings | null;
  /** HELPDESK_USERS, APPROVER_USERS, ADMIN_USERS. */
  readonly roles: RoleLists;
  /** Where managers' requests wait for approvers: a Slack channel id, a Teams channel conversation id. */
  readonly approvals: { readonly slackChannel: string | null; readonly teamsChannel: string | null };
  /** Optional one-line summaries of every run, in a Slack channel. */
  readonly auditSlackChannel: string | null;
  readonly server: { readonly port: number; readonly host: string };
  /** METRICS_PORT: GET /metrics on a port of its own (bound to HOST); null: on the server's port. */
  readonly metricsPort: number | null;
  readonly resend: {
    readonly planTtlSeconds: number;
    readonly suppressionSeconds: number;
    readonly concurrency: number;
    readonly managerMaxUsers: number;
    readonly managerMaxRequestsPerHour: number;
    readonly approvalTtlSeconds: number;
    /** SCHEDULE_TIME, HH:MM: when per-row start-date sends go out in the requester's time zone. */
    readonly scheduleTime: string;
    readonly followUpSeconds: number;
    readonly activationLinkDays: number;
    readonly deliveryCheckSeconds: number;
  };
  readonly auditLogPath: string | null;
  readonly store: StoreSettings;
  /** SHUTDOWN_GRACE_SECONDS: on SIGTERM/SIGINT, the process ends within this (Kubernetes kills at 30 s). */
  readonly shutdownGraceSeconds: number;
  /** How long a durable run's lease lasts without renewal before another process takes the run over. */
  readonly runLeaseSeconds: number;
  /**
   * The command line's record of whom it emailed within the suppression window, so that a
   * re-run does not email them again: RESEND_STATE_PATH, or $XDG_STATE_HOME (~/.local/state)
   * /resend-activation/sent.jsonl. null when there is no home directory to keep it in.
   */
  readonly cliStatePath: string | null;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const optionalText = z.string().trim().optional().transform((value) => (value ? value : undefined));
/** A number from the environment, checked against its range; the message names the variable. */
const numberIn = (name: string, fallback: number, min: number, max: number, kind: 'whole' | 'decimal') =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return fallback;
      const parsed = Number(value);
      const fits = kind === 'whole' ? Number.isInteger(parsed) : Number.isFinite(parsed);
      if (!fits || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a ${kind === 'whole' ? 'whole number' : 'number'} from ${min} to ${max} (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    });
const integer = (name: string, fallback: number, min: number, max: number) => numberIn(name, fallback, min, max, 'whole');
/** Durations accept decimals (FOLLOW_UP_HOURS=0.01), so outside tests can drive timers in real time. */
const decimal = (name: string, fallback: number, min: number, max: number) => numberIn(name, fallback, min, max, 'decimal');

const EnvSchema = z.object({
  OKTA_ORG_URL: optionalText,
  OKTA_API_TOKEN: optionalText,
  OKTA_CLIENT_ID: optionalText,
  OKTA_PRIVATE_KEY: optionalText,
  OKTA_KEY_ID: optionalText,
  OKTA_RATE_LIMIT_RESERVE: integer('OKTA_RATE_LIMIT_RESERVE', 0, 0, 1000),
  OKTA_TIMEOUT_SECONDS: decimal('OKTA_TIMEOUT_SECONDS', 30, 0.1, 600),
  OKTA_MAX_WAIT_SECONDS: decimal('OKTA_MAX_WAIT_SECONDS', 75, 0, 3600),
  REDIS_URL: optionalText,
  REDIS_KEY_PREFIX: optionalText,
  SHUTDOWN_GRACE_SECONDS: decimal('SHUTDOWN_GRACE_SECONDS', 25, 1, 3600),
  RUN_LEASE_SECONDS: decimal('RUN_LEASE_SECONDS', 15, 1, 600),
  SCHEDULE_TIME: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return '08:00';
      const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `SCHEDULE_TIME must be a time of day as HH:MM, e.g. 08:00 (got "${value}")` });
        return z.NEVER;
      }
      return `${match[1]?.padStart(2, '0')}:${match[2]}`;
    }),
  FOLLOW_UP_HOURS: decimal('FOLLOW_UP_HOURS', 24, 0, 24 * 90),
  ACTIVATION_LINK_DAYS: decimal('ACTIVATION_LINK_DAYS', 7, 0, 180),
  DELIVERY_CHECK_MINUTES: decimal('DELIVERY_CHECK_MINUTES', 5, 0, 24 * 60),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText,
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: optionalText,
  TEAMS_ALLOW_UNAUTHENTICATED: optionalText,
  HELPDESK_USERS: optionalText,
  APPROVER_USERS: optionalText,
  ADMIN_USERS: optionalText,
  APPROVAL_SLACK_CHANNEL: optionalText,
  APPROVAL_TEAMS_CHANNEL: optionalText,
  AUDIT_SLACK_CHANNEL: optionalText,
  MANAGER_MAX_USERS: integer('MANAGER_MAX_USERS', 10, 1, 1000),
  MANAGER_MAX_REQUESTS_PER_HOUR: integer('MANAGER_MAX_REQUESTS_PER_HOUR', 5, 1, 1000),
  APPROVAL_TTL_HOURS: integer('APPROVAL_TTL_HOURS', 24, 1, 24 * 14),
  PORT: integer('PORT', 3000, 0, 65535),
  // Optional: unset (the fallback 0 below, never a port to listen on) serves /metrics on PORT.
  METRICS_PORT: integer('METRICS_PORT', 0, 1, 65535),
  HOST: optionalText,
  PLAN_TTL_MINUTES: integer('PLAN_TTL_MINUTES', 15, 1, 24 * 60),
  SUPPRESSION_MINUTES: integer('SUPPRESSION_MINUTES', 10, 0, 24 * 60),
  RESEND_CONCURRENCY: integer('RESEND_CONCURRENCY', 32, 1, 64),
  AUDIT_LOG_PATH: optionalText,
  RESEND_STATE_PATH: optionalText,
  XDG_STATE_HOME: optionalText,
  HOME: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
});

type ParsedEnv = z.infer<typeof EnvSchema>;


/** `cli`: only Okta and resend settings matter; chat variables in the environment are not checked. */
export type ConfigPurpose = 'server' | 'cli';

export function loadConfig(env: Env = process.env, purpose: ConfigPurpose = 'server'): AppConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => (issue.code === 'custom' ? issue.message : `${issue.path.join('.')}: ${issue.message}`)));
  }
  const e = result.data;
  const problems: string[] = [];
  const host = e.HOST ?? '0.0.0.0';
  const okta = readOkta(e, problems);
  const store = readStore(e, problems);
  const slack = purpose === 'server' ? readSlack(e, problems) : null;
  const teams = purpose === 'server' ? readTeams(e, host, problems) : null;
  const list = (value: string | undefined) => (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const helpdeskUsers = list(e.HELPDESK_USERS);
  const roles: RoleLists = { helpdesk: helpdeskUsers, approvers: list(e.APPROVER_USERS), admins: list(e.ADMIN_USERS) };
  for (const [name, entries] of [['HELPDESK_USERS', roles.helpdesk], ['APPROVER_USERS', roles.approvers], ['ADMIN_USERS', roles.admins]] as const) {
    for (const entry of entries) {
      if (roleEntryKind(entry) === null) problems.push(`${name} has "${entry}", which is not a Slack user id (U…/W…), user-group id (S…), Teams AAD object id (GUID) or email.`);
    }
  }
  if ((slack || teams) && helpdeskUsers.length === 0) {
    problems.push('HELPDESK_USERS is required when Slack or Teams is configured: a comma-separated list of Slack user ids (U…), user-group ids (S…), Teams AAD object ids or emails allowed to resend.');
  }
  if (e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) problems.push(`METRICS_PORT must differ from PORT (both ${e.PORT}): leave it unset to serve /metrics on PORT.`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    okta,
    slack,
    teams,
    roles,
    approvals: { slackChannel: e.APPROVAL_SLACK_CHANNEL ?? null, teamsChannel: e.APPROVAL_TEAMS_CHANNEL ?? null },
    auditSlackChannel: e.AUDIT_SLACK_CHANNEL ?? null,
    server: { port: e.PORT, host },
    metricsPort: e.METRICS_PORT === 0 ? null : e.METRICS_PORT,
    resend: {
      planTtlSeconds: e.PLAN_TTL_MINUTES * 60,
      suppressionSeconds: e.SUPPRESSION_MINUTES * 60,
      concurrency: e.RESEND_CONCURRENCY,
      managerMaxUsers: e.MANAGER_MAX_USERS,
      managerMaxRequestsPerHour: e.MANAGER_MAX_REQUESTS_PER_HOUR,
      approvalTtlSeconds: e.APPROVAL_TTL_HOURS * 3600,
      scheduleTime: e.SCHEDULE_TIME,
      followUpSeconds: e.FOLLOW_UP_HOURS * 3600,
      activationLinkDays: e.ACTIVATION_LINK_DAYS,
      deliveryCheckSeconds: e.DELIVERY_CHECK_MINUTES * 60,
    },
    auditLogPath: e.AUDIT_LOG_PATH ?? null,
    store,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    runLeaseSeconds: e.RUN_LEASE_SECONDS,
    cliStatePath: e.RESEND_STATE_PATH ?? defaultStatePath(e),
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

function readOkta(e: ParsedEnv, problems: string[]): OktaSettings | null {
  const anyOkta = e.OKTA_ORG_URL ?? e.OKTA_API_TOKEN ?? e.OKTA_CLIENT_ID ?? e.OKTA_PRIVATE_KEY;
  if (!anyOkta) return null;
  if (!e.OKTA_ORG_URL) {
    problems.push('OKTA_ORG_URL is required with OKTA_API_TOKEN or OKTA_CLIENT_ID (e.g. https://your-org.okta.com).');
    return null;
  }
  let orgUrl = '';
  try {
    orgUrl = normaliseOrgUrl(e.OKTA_ORG_URL);
  } catch (error) {
    problems.push(`OKTA_ORG_URL ${(error as Error).message}`);
  }
  const limits = { rateLimitReserve: e.OKTA_RATE_LIMIT_RESERVE, timeoutSeconds: e.OKTA_TIMEOUT_SECONDS, maxWaitSeconds: e.OKTA_MAX_WAIT_SECONDS };
  if (e.OKTA_API_TOKEN) return { orgUrl, auth: { kind: 'apiToken', token: e.OKTA_API_TOKEN }, ...limits };
  if (e.OKTA_CLIENT_ID && e.OKTA_PRIVATE_KEY) {
    // A PEM key pasted into one env line usually arrives with literal "\n".
    const privateKey = e.OKTA_PRIVATE_KEY.replace(/\\n/g, '\n');
    return {
      orgUrl,
      auth: { kind: 'privateKey', clientId: e.OKTA_CLIENT_ID, privateKey, ...(e.OKTA_KEY_ID ? { keyId: e.OKTA_KEY_ID } : {}) },
      ...limits,
    };
  }
  problems.push('Set OKTA_API_TOKEN, or OKTA_CLIENT_ID with OKTA_PRIVATE_KEY (and OKTA_KEY_ID), to reach OKTA_ORG_URL.');
  return null;
}

/** Okta limits for the demo's embedded simulator, which has no OKTA_* variables of its own. */
export function oktaLimitsOf(env: Env = process.env): Pick<OktaSettings, 'rateLimitReserve' | 'timeoutSeconds' | 'maxWaitSeconds'> {
  const parsed = EnvSchema.pick({ OKTA_RATE_LIMIT_RESERVE: true, OKTA_TIMEOUT_SECONDS: true, OKTA_MAX_WAIT_SECONDS: true }).safeParse(env);
  if (!parsed.success) return { rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 };
  return { rateLimitReserve: parsed.data.OKTA_RATE_LIMIT_RESERVE, timeoutSeconds: parsed.data.OKTA_TIMEOUT_SECONDS, maxWaitSeconds: parsed.data.OKTA_MAX_WAIT_SECONDS };
}

function readStore(e: ParsedEnv, problems: string[]): StoreSettings {
  const keyPrefix = e.REDIS_KEY_PREFIX ?? 'resend-activation:';
  if (!e.REDIS_URL) return { redisUrl: null, keyPrefix };
  let protocol = '';
  try {
    protocol = new URL(e.REDIS_URL).protocol;
  } catch {
    // Not echoed: the URL may carry a password.
    problems.push('REDIS_URL is not a URL: use redis://[user:password@]host:6379[/db] or rediss://… for TLS.');
    return { redisUrl: null, keyPrefix };
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') problems.push(`REDIS_URL must start with redis:// or rediss:// (got ${protocol}//…).`);
  return { redisUrl: e.REDIS_URL, keyPrefix };
}

function readSlack(e: ParsedEnv, problems: string[]): SlackSettings | null {
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) return null;
  if (!e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is required for Slack (xoxb-…).');
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode).');
  }
  if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write.');
  if (e.SLACK_API_URL) {
    try {
      new URL(e.SLACK_API_URL);
    } catch {
      problems.push(`SLACK_API_URL is not a URL: "${e.SLACK_API_URL}"`);
    }
  }
  return {
    botToken: e.SLACK_BOT_TOKEN ?? '',
    signingSecret: e.SLACK_SIGNING_SECRET ?? null,
    appToken: e.SLACK_APP_TOKEN ?? null,
    apiUrl: e.SLACK_API_URL ?? null,
  };
}

function readTeams(e: ParsedEnv, host: string, problems: string[]): TeamsSettings | null {
  const unauthenticated = e.TEAMS_ALLOW_UNAUTHENTICATED === 'true';
  if (!e.MICROSOFT_APP_ID && !unauthenticated) {
    if (e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_TENANT_ID) problems.push('MICROSOFT_APP_ID is required for Teams.');
    return null;
  }
  if (!e.MICROSOFT_APP_ID && !isLoopbackHost(host)) {
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED=true needs HOST to be a loopback address (127.0.0.1): otherwise anyone could drive Okta through the bot. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD instead.');
  }
  // Azure has created only single-tenant (or managed-identity) bots since 31 July 2025, and the
  // tenant id is required below anyway: defaulting to the old Bot Framework SDK's MultiTenant would only fail
  // later, at the first reply, when the token request goes to the wrong authority.
  const appType = e.MICROSOFT_APP_TYPE ?? 'SingleTenant';
  if (appType !== 'MultiTenant' && appType !== 'SingleTenant' && appType !== 'UserAssignedMSI') {
    problems.push(`MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI (got "${appType}").`);
  }
  // The tenant is also who may use the bot: activities from any other tenant are refused, so it is
  // required for every app type (a multi-tenant registration would otherwise serve any organisation).
  if (e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_TENANT_ID) problems.push('MICROSOFT_APP_TENANT_ID is required with MICROSOFT_APP_ID: your Entra tenant id, the only tenant whose users may use the bot.');
  if (e.MICROSOFT_APP_ID && appType !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD) problems.push('MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID.');
  if (appType === 'UserAssignedMSI' && e.MICROSOFT_APP_PASSWORD) problems.push('MICROSOFT_APP_PASSWORD must not be set when MICROSOFT_APP_TYPE=UserAssignedMSI (the managed identity authenticates).');
  return {
    appId: e.MICROSOFT_APP_ID ?? null,
    appPassword: e.MICROSOFT_APP_PASSWORD ?? null,
    tenantId: e.MICROSOFT_APP_TENANT_ID ?? null,
    appType: appType as TeamsSettings['appType'],
  };
}

function defaultStatePath(e: ParsedEnv): string | null {
  const base = e.XDG_STATE_HOME ?? (e.HOME ? `${e.HOME}/.local/state` : null);
  return base ? `${base}/resend-activation/sent.jsonl` : null;
}
