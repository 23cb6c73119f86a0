import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

// The container must run the server itself as PID 1: npm (or yarn, npx, pnpm) as PID 1 exits on
// SIGTERM within half a second and takes the run with it, and a shell-form CMD makes /bin/sh PID 1,
// which does not pass SIGTERM on. Read statically: no Docker on the machines that run the tests.

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The final stage's instructions, line continuations joined, comments dropped. */
async function finalStage(): Promise<Instruction[]> {
  const text = await readFile(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const instructions = lines.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  assert.ok(lastFrom >= 0, 'a FROM');
  return instructions.slice(lastFrom);
}

/** An exec-form (JSON array) argument list, or null for the shell form. */
function execForm(args: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

test('the container starts node directly, in exec form, with no package manager in between', async () => {
  const stage = await finalStage();
  const starts = stage.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  assert.ok(starts.length > 0, 'a CMD or ENTRYPOINT');
  for (const start of starts) {
    const argv = execForm(start.args);
    assert.ok(argv, `${start.keyword} in exec form (a shell would be PID 1): ${start.args}`);
    for (const part of argv) assert.doesNotMatch(part, /^(npm|npx|yarn|pnpm|corepack)$|\/(npm|npx|yarn|pnpm)(-cli\.js)?$/, `${start.keyword} does not start a package manager: ${start.args}`);
  }
  const command = execForm(starts.find((i) => i.keyword === 'ENTRYPOINT')?.args ?? starts.at(-1)!.args)!;
  assert.equal(command[0], 'node', 'PID 1 is node');
});

test('it runs as a non-root user and keeps its health check', async () => {
  const stage = await finalStage();
  const user = stage.filter((i) => i.keyword === 'USER').at(-1);
  assert.ok(user, 'a USER in the final stage');
  assert.doesNotMatch(user.args, /^(root|0)(:|$)/, `USER ${user.args} is not root`);
  const lastUser = stage.lastIndexOf(user);
  const firstStart = stage.findIndex((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  assert.ok(lastUser < firstStart, 'USER comes before the command it applies to');
  assert.ok(stage.some((i) => i.keyword === 'HEALTHCHECK' && /\/healthz/.test(i.args)), 'HEALTHCHECK on /healthz');
});

// Issue 13, item 1: the runtime stage runs compiled JavaScript on a supported Node LTS, with
// production dependencies only; the compiler and tsx stay in the build stage.

test('the runtime stage is a supported Node LTS (22 or 24) with production dependencies and the compiled dist/ only', async () => {
  const stage = await finalStage();
  const from = stage[0]!.args.split(/\s+/)[0]!;
  assert.match(from, /^node:(22|24)([.-]|$)/, `runtime FROM ${from}: Node 22 or 24 (Node 20 reached end of life in April 2026)`);
  const runs = stage.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  assert.ok(runs.some((r) => /\bnpm ci\b.*--omit=dev\b/.test(r)), 'the runtime stage installs with npm ci --omit=dev');
  for (const r of runs) {
    if (/\bnpm (ci|install|i)\b/.test(r)) assert.match(r, /--omit=dev\b/, `every install in the runtime stage omits dev dependencies: ${r}`);
    assert.doesNotMatch(r, /\bnpm run build\b|\btsc\b/, `no compiling in the runtime stage: ${r}`);
  }
  const copies = stage.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  assert.ok(copies.some((c) => /--from=\S+\s+\S*dist\/?\s/.test(`${c} `)), 'dist/ is copied from the build stage');
  for (const c of copies) {
    assert.doesNotMatch(c, /(^|\s)\.?\/?src\/?(\s|$)|node_modules|tsconfig/, `the runtime stage copies no sources, no node_modules and no tsconfig: ${c}`);
  }
  const start = stage.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').map((i) => execForm(i.args));
  assert.deepEqual(start.at(-1), ['node', 'dist/main.js'], 'CMD ["node", "dist/main.js"]');
  for (const i of stage) assert.doesNotMatch(i.args, /\btsx\b|\besbuild\b|--import\b|--loader\b|--experimental-strip-types/, `nothing in the runtime stage runs TypeScript: ${i.keyword} ${i.args}`);
});

test('an earlier stage builds dist/ with every dependency installed', async () => {
  const text = await readFile(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const stages = text.replace(/\\\r?\n/g, ' ').split(/^FROM\s/im).slice(1);
  assert.ok(stages.length >= 2, 'multi-stage');
  const builder = stages.slice(0, -1).find((s) => /^\s*RUN\s+npm run build\b/m.test(s));
  assert.ok(builder, 'a build stage runs npm run build');
  assert.match(builder, /^\s*RUN\s+npm ci\b(?![^\n]*--omit=dev)/m, 'the build stage installs dev dependencies (the compiler) with npm ci');
  const alias = /^\S+\s+AS\s+(\S+)/i.exec(builder)?.[1];
  assert.ok(alias && new RegExp(`--from=${alias}\\b`).test(stages.at(-1)!), 'the runtime stage copies from the build stage by its name');
});

test('docker-compose.yml and the Kubernetes Deployment run the image\'s CMD, not the TypeScript sources', async () => {
  const { parse, parseAllDocuments } = await import('yaml');
  const compose = parse(await readFile(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, { build?: unknown; command?: unknown; entrypoint?: unknown }> };
  const bots = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
  assert.ok(bots.length > 0, 'a service built from the Dockerfile');
  for (const [name, bot] of bots) {
    assert.equal(bot.command, undefined, `${name}: no command override (the image's CMD is node dist/main.js)`);
    assert.equal(bot.entrypoint, undefined, `${name}: no entrypoint override`);
  }
  const docs = parseAllDocuments(await readFile(new URL('../../manifests/kubernetes/deployment.yaml', import.meta.url), 'utf8')).map((d) => d.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: Array<{ name: string; command?: string[]; args?: string[] }> } } } });
  const containers = docs.filter((d) => d.kind === 'Deployment').flatMap((d) => d.spec?.template?.spec?.containers ?? []);
  assert.ok(containers.length > 0, 'a Deployment with containers');
  for (const c of containers) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
    assert.doesNotMatch(argv, /\btsx\b|\.ts\b|\bnpm\b/, `${c.name}: runs the image's compiled CMD (${argv})`);
  }
});
