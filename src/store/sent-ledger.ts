import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KeyValueStore } from '../core/store.ts';

/** Only the suppression window outlives a command-line run; plans and claims die with it. */
const KEPT_PREFIX = 'suppress:';

interface LedgerLine {
  readonly key: string;
  /** Epoch ms when the claim ends; absent for a release. */
  readonly until?: number;
}

export interface LedgerStore extends KeyValueStore {
  /** Resolves when every claim and release so far is on disk. */
  flush(): Promise<void>;
}

/**
 * The command line's store: in memory for the run, with the suppression window written to a
 * JSON-lines file as it changes, so that re-running the same CSV after a crash or a Ctrl-C does
 * not email the people the first run already reached. A claim is written before Okta is called
 * (if the process dies mid-call, the user counts as emailed: no second email, at worst a skip).
 * Two runs at the same moment do not see each other's claims until the next start.
 */
export async function openSentLedger(
  path: string,
  inner: KeyValueStore,
  onWriteError: (error: unknown) => void,
  now: () => number = Date.now,
): Promise<LedgerStore> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const live = await replay(path, now());
  // setIfAbsent: with REDIS_URL the inner store is the bot's own, whose live claims stay as they are.
  for (const [key, until] of live) await inner.setIfAbsent(key, { planId: 'an earlier run' }, Math.ceil((until - now()) / 1000));
  // Rewritten at start with only the live claims, so the file stays as small as the window.
  await writeFile(path, [...live].map(([key, until]) => `${JSON.stringify({ key, until })}\n`).join(''), { mode: 0o600 });

  // Appends are chained (lines keep their order) and awaited by the claim itself, so the line is
  // on disk before Okta is called. A failed write (disk full, directory gone) is reported once and
  // the run goes on: losing the record costs at most a second email later, never this run.
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  const write = (line: LedgerLine): Promise<void> => {
    if (!line.key.startsWith(KEPT_PREFIX)) return Promise.resolve();
    chain = chain
      .then(() => appendFile(path, `${JSON.stringify(line)}\n`, { mode: 0o600 }))
      .catch((error: unknown) => {
        if (!failed) onWriteError(error);
        failed = true;
      });
    return chain;
  };
  // Everything else (plans, claims, sets) lives in the inner store only; just the window is written.
  return {
    kind: inner.kind,
    durable: inner.durable,
    get: (key) => inner.get(key),
    renewIfEquals: (key, value, ttlSeconds) => inner.renewIfEquals(key, value, ttlSeconds),
    addToSet: (key, member, ttlSeconds) => inner.addToSet(key, member, ttlSeconds),
    removeFromSet: (key, members) => inner.removeFromSet(key, members),
    setMembers: (key) => inner.setMembers(key),
    hashSet: (key, field, value, ttlSeconds) => inner.hashSet(key, field, value, ttlSeconds),
    hashGetAll: (key) => inner.hashGetAll(key),
    recordInWindow: (key, at, windowMs, max) => inner.recordInWindow(key, at, windowMs, max),
    increment: (key, ttlSeconds) => inner.increment(key, ttlSeconds),
    queueAdd: (key, member, dueAt, ttlSeconds) => inner.queueAdd(key, member, dueAt, ttlSeconds),
    queueDue: (key, upTo, limit) => inner.queueDue(key, upTo, limit),
    queueRemove: (key, members) => inner.queueRemove(key, members),
    ping: () => inner.ping(),
    close: () => inner.close(),
    async deleteIfEquals(key, value) {
      const deleted = await inner.deleteIfEquals(key, value);
      if (deleted) await write({ key });
      return deleted;
    },
    async set(key, value, ttlSeconds) {
      await inner.set(key, value, ttlSeconds);
      await write({ key, until: now() + ttlSeconds * 1000 });
    },
    async setIfAbsent(key, value, ttlSeconds) {
      const stored = await inner.setIfAbsent(key, value, ttlSeconds);
      if (stored) await write({ key, until: now() + ttlSeconds * 1000 });
      return stored;
    },
    async delete(key) {
      await inner.delete(key);
      await write({ key });
    },
    flush: () => chain,
  };
}

async function replay(path: string, at: number): Promise<Map<string, number>> {
  const live = new Map<string, number>();
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let line: LedgerLine;
    try {
      line = JSON.parse(raw) as LedgerLine;
    } catch {
      continue; // a line cut short by a crash
    }
    if (typeof line.key !== 'string' || !line.key.startsWith(KEPT_PREFIX)) continue;
    if (typeof line.until === 'number') live.set(line.key, line.until);
    else live.delete(line.key);
  }
  for (const [key, until] of live) if (until <= at) live.delete(key);
  return live;
}
