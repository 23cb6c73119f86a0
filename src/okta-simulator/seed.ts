// Seed files: a JSON array of SimulatorSeedUser, validated with errors that say what and where.
import { readFile } from 'node:fs/promises';
import { validateSeedList } from './seed-validation.ts';
import type { SimulatorSeedUser } from './types.ts';

export async function loadSeedFile(path: string): Promise<SimulatorSeedUser[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`seed file ${path}: cannot read it (${(err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`seed file ${path}: invalid JSON (${(err as Error).message})`);
  }
  return validateSeedList(parsed, `seed file ${path}`);
}
