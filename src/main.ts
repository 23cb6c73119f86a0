import { userInfo } from 'node:os';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { assertAuditPathWritable, createJsonlAuditSink } from './audit/jsonl-audit-sink.ts';
import { createAuditFanout } from './core/audit.ts';
import { runConsoleChat } from './console/console-chat.ts';
import type { Requester } from './core/requester.ts';
import { demoExtras } from './demo/demo-extras.ts';
import { DEMO_BANNER, DEMO_TIMING, DEMO_TIMING_NOTE, startDemoOkta } from './demo/start-demo-okta.ts';
import { createLogger } from './logging/logger.ts';
import { createMetrics } from './metrics/create-metrics.ts';
import { startMetricsServer } from './metrics/serve-metrics.ts';
import { createRuntime } from './runtime/create-runtime.ts';
import { createHttpApp, type MountedSurface } from './server/create-http-app.ts';
import { storeReadiness } from './server/readiness.ts';
import { openStore } from './runtime/open-store.ts';
import { createSlackSurface } from './slack/index.ts';
import { createTeamsSurface } from './teams/index.ts';

/** `npm start`: the server (Slack, Teams, /healthz) and, with no Okta configured, the demo. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Before the store: its connection errors are counted from the start.
  const metrics = createMetrics();
  // The demo's terminal is a chat: the store is named in its banner instead of a log line.
  const store = await openStore(config.store, logger, { quiet: !config.okta && !config.store.redisUrl, onError: metrics.storeError });
  const demo = config.okta ? null : await startDemoOkta();
  const okta = config.okta ?? demo!.okta;
  const consoleUser: Requester = { surface: 'console', userId: `console:${userInfo().username}`, email: null, displayName: userInfo().username, groupIds: [] };
  // The demo makes its console user helpdesk; a real deployment names its helpdesk in HELPDESK_USERS.
  const roles = demo ? { ...config.roles, helpdesk: [...config.roles.helpdesk, consoleUser.userId] } : config.roles;
  if (config.auditLogPath) {
    try {
      await assertAuditPathWritable(config.auditLogPath);
    } catch (error) {
      process.stderr.write(`Configuration error:\n  - ${(error as Error).message}\n`);
      process.exit(2);
    }
  }
  const auditFile = config.auditLogPath ? createJsonlAuditSink(config.auditLogPath, (error) => logger.error({ err: error }, 'audit write failed')) : null;
  // Every surface's events reach every sink: the file, and the audit channel once Slack is up.
  const audit = createAuditFanout([...(auditFile ? [auditFile] : []), metrics.auditSink]);
  const { service, pacer } = createRuntime({ okta, roles, settings: { ...config.resend, runLeaseSeconds: config.runLeaseSeconds, ...(demo ? DEMO_TIMING : {}) }, audit, store });
  // Before the surfaces are created: they get the service whose requests are counted.
  metrics.watch({ service, pacer });

  const slack = config.slack
    ? createSlackSurface({
        settings: config.slack,
        service,
        roleEntries: [...roles.helpdesk, ...roles.approvers, ...roles.admins],
        logger,
        approvalChannel: config.approvals.slackChannel,
        auditChannel: config.auditSlackChannel,
      })
    : null;
  if (slack?.auditSink) audit.add(slack.auditSink);
  const teams = config.teams ? createTeamsSurface({ settings: config.teams, service, logger, approvalConversationId: config.approvals.teamsChannel }) : null;
  const surfaces: MountedSurface[] = [];
  if (slack?.router) surfaces.push({ name: 'slack', router: slack.router });
  if (teams) surfaces.push(teams);
  let stopping = false;
  const { metricsPort } = config;
  const server: Server = createHttpApp(surfaces, storeReadiness(store, () => stopping), metricsPort === null ? { metrics: metrics.handler } : {}).listen(config.server.port, config.server.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const metricsServer = metricsPort === null ? null : await startMetricsServer(metrics.handler, metricsPort, config.server.host);
  await slack?.start();
  // After the surfaces registered how they report resumed runs: runs whose process died (or was
  // drained by a deploy) are taken over now and whenever a lease lapses later.
  service.startRunRecovery();
  // Scheduled sends, follow-ups and delivery checks that are due, on whichever replica sees them first.
  service.startTimedWork();
  // The demo's terminal is a chat: it gets the banner below instead of a JSON log line.
  if (!demo) logger.info({ port: config.server.port, host: config.server.host, metricsPort: metricsPort ?? config.server.port, surfaces: surfaces.map((s) => s.name), socketMode: Boolean(config.slack?.appToken) }, 'resend-activation listening');

  /**
   * SIGTERM/SIGINT: no new requests (the server closes, /readyz says not ready), no new users
   * started in runs; calls in flight finish; with Redis the runs are handed over (their leases
   * given back, another replica or the next start finishes them in the same thread), in memory
   * they may finish until 60% of the grace and the rest is reported as not sent. Everything ends
   * within SHUTDOWN_GRACE_SECONDS, hung Okta calls included: a hard timer exits regardless.
   */
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const graceMs = config.shutdownGraceSeconds * 1000;
    const hardDeadline = started + graceMs - 1_000;
    setTimeout(() => {
      logger.error({ graceSeconds: config.shutdownGraceSeconds }, 'shutdown: grace period over, exiting now');
      process.exit(1);
    }, graceMs).unref();
    // The demo's terminal is a chat: no log lines on the way out.
    const note = demo ? logger.debug.bind(logger) : logger.info.bind(logger);
    note({ signal, graceSeconds: config.shutdownGraceSeconds, store: store.kind }, 'shutdown: draining');
    server.close();
    server.closeIdleConnections();
    // METRICS_PORT's server stays open while the runs drain: their last counts are worth a scrape.
    const timedStopped = service.stopTimedWork();
    const runsDrained = service.drainRuns(started + graceMs * 0.6, hardDeadline - 2_000);
    // Teams first: its runs' last audit lines go to the Slack audit channel, which Slack drains.
    const surfacesStopped = (async () => {
      await runsDrained;
      await timedStopped;
      await teams?.stop();
      await slack?.stop();
    })();
    await Promise.race([surfacesStopped, new Promise((resolve) => setTimeout(resolve, Math.max(0, hardDeadline - Date.now())))]);
    await demo?.sim.close();
    await auditFile?.flush();
    metricsServer?.close();
    metricsServer?.closeIdleConnections();
    await store.close().catch(() => undefined);
    note({ seconds: Math.round((Date.now() - started) / 100) / 10 }, 'shutdown: done');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (demo) {
    const state = store.durable ? 'Redis (REDIS_URL)' : 'in memory: plans and runs are lost when you quit';
    process.stdout.write(`${DEMO_BANNER}\nOkta simulator: ${demo.sim.url}   server: http://${config.server.host}:${config.server.port}   state: ${state}\n${DEMO_TIMING_NOTE}\nType help. Try: /resend-activation alice.nguyen@corp.example bob.li@corp.example\n`);
    await runConsoleChat({ service, requester: consoleUser, input: process.stdin, output: process.stdout, extras: demoExtras(demo.sim) });
    // Interactive demo: leaving the chat ends the program. Without a terminal (a container), keep serving.
    if (process.stdin.isTTY) await shutdown('end of console chat');
  }
}

await main();
