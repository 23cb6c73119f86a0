import { userInfo } from 'node:os';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { assertAuditPathWritable, createJsonlAuditSink } from './audit/jsonl-audit-sink.ts';
import { createAuditFanout } from './core/audit.ts';
import { runConsoleChat } from './console/console-chat.ts';
import type { Requester } from './core/requester.ts';
import { demoExtras } from './demo/demo-extras.ts';
import { DEMO_BANNER, startDemoOkta } from './demo/start-demo-okta.ts';
import { createLogger } from './logging/logger.ts';
import { createRuntime } from './runtime/create-runtime.ts';
import { createHttpApp, type MountedSurface } from './server/create-http-app.ts';
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
  const audit = createAuditFanout(auditFile ? [auditFile] : []);
  const { service } = createRuntime({ okta, roles, settings: config.resend, audit });

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
  const server: Server = createHttpApp(surfaces).listen(config.server.port, config.server.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  await slack?.start();
  // The demo's terminal is a chat: it gets the banner below instead of a JSON log line.
  if (!demo) logger.info({ port: config.server.port, host: config.server.host, surfaces: surfaces.map((s) => s.name), socketMode: Boolean(config.slack?.appToken) }, 'resend-activation listening');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // No new requests; runs already confirmed finish (and are audited) before the process exits.
    server.close();
    server.closeIdleConnections();
    // Teams first: its runs' last audit lines go to the Slack audit channel, which Slack drains.
    await teams?.stop();
    await slack?.stop();
    await demo?.sim.close();
    await auditFile?.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  if (demo) {
    process.stdout.write(`${DEMO_BANNER}\nOkta simulator: ${demo.sim.url}   server: http://${config.server.host}:${config.server.port}\nType help. Try: /resend-activation alice.nguyen@corp.example bob.li@corp.example\n`);
    await runConsoleChat({ service, requester: consoleUser, input: process.stdin, output: process.stdout, extras: demoExtras(demo.sim) });
    // Interactive demo: leaving the chat ends the program. Without a terminal (a container), keep serving.
    if (process.stdin.isTTY) await shutdown();
  }
}

await main();
