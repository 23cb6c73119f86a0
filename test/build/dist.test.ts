import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import { freePort } from '../support/ports.ts';
import { startServerProcess } from '../support/server-process.ts';

// Issue 13, item 1: the production image runs the compiled dist/ with production dependencies
// only. Built here the way the Dockerfile's build stage does (`npm run build`), into a directory
// inside the checkout so that node_modules and package.json ("type": "module") apply as in /app.

const ROOT = new URL('../../', import.meta.url).pathname;
const DEV_TOOLS = ['tsx', 'esbuild', 'typescript', 'eslint', 'typescript-eslint'];
const run = promisify(execFile);


async function jsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => join(e.parentPath, e.name));
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

test('npm run build emits dist/ that imports only production dependencies and starts with plain node', { timeout: 120_000 }, async () => {
  await mkdir(join(ROOT, 'tmp'), { recursive: true });
  const out = await mkdtemp(join(ROOT, 'tmp', 'dist-test-'));
  const sim = await startOktaSimulator({ users: [{ login: 'alice.nguyen@corp.example', status: 'PROVISIONED' }] });
  try {
    // `npm run build -- --outDir X`: the same script and tsconfig.build.json, another directory.
    await run('npm', ['run', 'build', '--', '--outDir', out], { cwd: ROOT });
    const files = await jsFiles(out);
    assert.ok(files.some((f) => relative(out, f) === 'main.js'), 'main.js emitted at the top of the output (rootDir src)');
    assert.ok(!files.some((f) => relative(out, f).startsWith('test')), 'only src/ is emitted');

    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const production = new Set(Object.keys(manifest.dependencies));
    const seen = new Set<string>();
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const [, statement, dynamic] of text.matchAll(/^(?:(?:import|export)\b[^;'"]*?\bfrom\s*|import\s*)["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
        const specifier = statement ?? dynamic;
        if (!specifier) continue;
        const where = `${relative(out, file)} imports ${specifier}`;
        if (specifier.startsWith('.')) {
          assert.match(specifier, /\.js$/, `${where}: relative imports rewritten to .js`);
          continue;
        }
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        assert.ok(production.has(packageOf(specifier)), `${where}, which is not a production dependency`);
        seen.add(packageOf(specifier));
      }
    }
    assert.ok(seen.has('@okta/okta-sdk-nodejs') && seen.has('pino'), `the scan saw the packages dist/ imports (${[...seen].join(', ')})`);

    // The CLI, compiled, against the embedded simulator: no tsx in this process either.
    const cli = await run(process.execPath, [join(out, 'cli', 'main.js'), '--demo', '--dry-run', 'alice.nguyen@corp.example'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', RESEND_STATE_PATH: join(out, 'sent.jsonl') } });
    assert.match(cli.stdout, /Dry run: no lifecycle call was made/);

    // The server as the image runs it (`node dist/main.js`), as a server: Okta configured (the
    // simulator), Teams on loopback without an app id, so no demo and no console chat.
    const port = await freePort();
    const child = startServerProcess([join(out, 'main.js')], port, {
      NODE_ENV: 'production',
      OKTA_ORG_URL: sim.url,
      OKTA_API_TOKEN: sim.apiToken,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      HELPDESK_USERS: 'helen.ops@corp.example',
      LOG_LEVEL: 'warn',
    });
    try {
      await child.healthy();
      child.kill('SIGTERM');
      assert.equal(await child.exited, 0, `SIGTERM ends it cleanly (${child.output()})`);
    } finally {
      child.kill('SIGKILL');
    }
  } finally {
    await sim.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('the production dependency tree holds no dev tool (tsx, esbuild, typescript, eslint)', async () => {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const installed = stdout.split('\n').filter((line) => line.includes('node_modules'));
  assert.ok(installed.length > 10, 'npm ls listed the production tree');
  const names = installed.map((line) => line.slice(line.lastIndexOf('node_modules/') + 'node_modules/'.length));
  for (const tool of DEV_TOOLS) assert.ok(!names.includes(tool), `${tool} is in the production tree`);
  assert.ok(!names.some((name) => name.startsWith('@esbuild/')), 'no esbuild binary in the production tree');

  // The lockfile agrees (what `npm ci --omit=dev` in the image installs).
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (DEV_TOOLS.includes(name) || name.startsWith('@esbuild/')) assert.equal(entry.dev, true, `${path} is a dev-only package in package-lock.json`);
  }
});
