import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
}

function violations(folder: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sourceFiles(join(SRC, folder)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden(spec, file))
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
}

const SDKS = /^(@slack\/|@microsoft\/teams\.|botbuilder|botframework|@okta\/|node-cache|express|pino|redis$|redis\/|@redis\/)/;

test('the core imports no Slack, Teams or Okta SDK, no store or transport library', () => {
  assert.deepEqual(violations('core', (spec) => SDKS.test(spec)), []);
});

test('the core imports nothing outside src/core', () => {
  assert.deepEqual(
    violations('core', (spec, file) => spec.startsWith('.') && relative(join(SRC, 'core'), join(file, '..', spec)).startsWith('..')),
    [],
  );
});

test('no adapter imports another adapter', () => {
  const adapters = ['slack', 'teams', 'console', 'cli'];
  for (const adapter of adapters) {
    const others = adapters.filter((other) => other !== adapter && !(adapter === 'console' && other === 'cli'));
    const found = violations(adapter, (spec) => others.some((other) => spec.includes(`/${other}/`)));
    assert.deepEqual(found, [], `${adapter} must not import ${others.join('/')}`);
  }
});

test('only the Slack adapter imports Bolt, only the Teams adapter imports the Teams SDK, only src/okta the Okta SDK', () => {
  const owners: Array<[RegExp, string]> = [
    [/^@slack\//, 'slack/'],
    [/^@microsoft\/teams\./, 'teams/'],
    [/^@okta\//, 'okta/'],
  ];
  const found = sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((spec) => owners.some(([pattern, owner]) => pattern.test(spec) && !relative(SRC, file).startsWith(owner)))
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
  assert.deepEqual(found, []);
});

test('botbuilder (the Bot Framework SDK, archived) is gone: no import of it, no dependency on it', () => {
  const found = sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((spec) => /^(botbuilder|botframework)/.test(spec))
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
  assert.deepEqual(found, []);
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies?: object; devDependencies?: object };
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  assert.deepEqual(names.filter((name) => /^(botbuilder|botframework)/.test(name)), []);
});

test('only src/store imports a Redis client', () => {
  const found = sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((spec) => /^(redis$|redis\/|@redis\/|ioredis)/.test(spec) && !relative(SRC, file).startsWith('store/'))
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
  assert.deepEqual(found, []);
});

test('only src/metrics imports prom-client', () => {
  const found = sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((spec) => /^prom-client(\/|$)/.test(spec) && !relative(SRC, file).startsWith('metrics/'))
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
  assert.deepEqual(found, []);
});

test('src/config.ts is the only reader of the environment', () => {
  const readers = sourceFiles(SRC).filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')));
  const allowed = ['config.ts'];
  assert.deepEqual(
    readers.map((file) => relative(SRC, file)).filter((file) => !allowed.includes(file)),
    [],
  );
});
