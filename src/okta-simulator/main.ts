// Standalone runner: tsx src/okta-simulator/main.ts [--port N] [--seed file.json] [--token T] [--host H]
// Without --seed it serves demoUsers().
import { parseArgs } from 'node:util';
import { demoUsers } from './demo-users.ts';
import { loadSeedFile } from './seed.ts';
import { startOktaSimulator } from './server.ts';
import type { SimulatorOptions } from './types.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      token: { type: 'string' },
      host: { type: 'string' },
    },
  });
  const options: SimulatorOptions = {
    users: values.seed === undefined ? demoUsers() : await loadSeedFile(values.seed),
  };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
    options.port = port;
  }
  if (values.token !== undefined) options.apiToken = values.token;
  if (values.host !== undefined) options.host = values.host;

  const sim = await startOktaSimulator(options);
  console.log(`Okta simulator listening on ${sim.url}`);
  console.log(`API token: ${sim.apiToken}   (Authorization: SSWS ${sim.apiToken})`);
  console.log(`Users: ${options.users?.length ?? 0}${values.seed === undefined ? ' (demo directory)' : ` from ${values.seed}`}`);
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
