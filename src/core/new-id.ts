import { randomBytes } from 'node:crypto';

/** An id for a plan, an approval or a job: a prefix that says which, and 72 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
