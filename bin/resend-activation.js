#!/usr/bin/env node
// `npx resend-activation`. Two ways to run, chosen by what is installed:
// - a checkout after `npm ci` (dev dependencies included): the TypeScript sources through tsx, so
//   the command is always what src/ says — a dist/ left over from an earlier build is never run
//   stale by mistake;
// - a production install (`npm ci --omit=dev` then `npm run build`, as in the image): no tsx, so
//   the compiled dist/.
import { existsSync } from 'node:fs';

const tsx = await import('tsx/esm/api').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') return null;
  throw error;
});
if (tsx) {
  tsx.register();
  await import('../src/cli/main.ts');
} else if (existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  await import('../dist/cli/main.js');
} else {
  process.stderr.write('resend-activation: run `npm ci` (development: runs the sources) or `npm run build` (compiled dist/) first.\n');
  process.exit(2);
}
