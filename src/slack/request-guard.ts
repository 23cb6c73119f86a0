import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import express, { type Request, type Router } from 'express';
import type { Logger } from '../logging/logger.ts';
import { MAX_SLACK_BODY_BYTES } from './body-limit.ts';

/** Slack: "the request timestamp is more than five minutes from local time" is a replay. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

type Verdict = { readonly status: 401 | 400; readonly why: string } | null;

export interface GuardOptions {
  readonly maxBytes?: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

/**
 * In front of Bolt's ExpressReceiver, which reads the whole body with no size limit, refuses only
 * timestamps older than five minutes (not ones in the future), and answers 500 when a signed body
 * parses to something other than an object (`payload=null` fails in its ssl_check step; `1` or
 * `[]` hang until its 3 s unhandled-request timeout, then 404). So here, before Bolt sees it:
 * 1. a declared length over the limit is 413 at once; a body growing past it is cut off;
 * 2. the signature is checked as Bolt would, with the timestamp within five minutes either way
 *    (401, like Bolt's own refusals);
 * 3. a signed body must be what Slack sends, a JSON object (a form's `payload` field, a JSON body
 *    or the form itself): anything else is 400.
 * The body read here is handed to Bolt as `req.rawBody` (its documented way in for a body read
 * before it), and Bolt verifies the signature again.
 */
export function guardSlackEndpoint(router: Router, path: string, signingSecret: string, logger: Logger, options: GuardOptions = {}): Router {
  const maxBytes = options.maxBytes ?? MAX_SLACK_BODY_BYTES;
  const now = options.now ?? Date.now;
  const guarded = express.Router();
  guarded.post(path, (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.status(413).json({ error: 'request body too large' });
      return;
    }
    const chunks: Buffer[] = [];
    let seen = 0;
    // A client that hangs up mid-body: nothing to answer, and no unhandled 'error' event.
    req.on('error', (error) => logger.debug({ err: error }, 'slack request body not read to the end'));
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const verdict = verify(req, body, signingSecret, now()) ?? checkShape(req, body);
      if (verdict) {
        logger.warn({ status: verdict.status, why: verdict.why }, 'slack request refused');
        res.status(verdict.status).send();
        return;
      }
      (req as Request & { rawBody?: Buffer }).rawBody = body;
      next();
    });
  });
  guarded.use(router);
  return guarded;
}

function header(req: Request, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
function verify(req: Request, body: Buffer, signingSecret: string, nowMs: number): Verdict {
  const timestamp = Number(header(req, 'x-slack-request-timestamp') ?? Number.NaN);
  const signature = header(req, 'x-slack-signature');
  if (!signingSecret || !signature || !Number.isInteger(timestamp)) return { status: 401, why: 'signature or timestamp missing' };
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) return { status: 401, why: 'timestamp more than five minutes away' };
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : { status: 401, why: 'signature mismatch' };
}

/** Parsed the way Bolt parses (ExpressReceiver's parseRequestBody); only an object passes. */
function checkShape(req: Request, body: Buffer): Verdict {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    if (header(req, 'content-type') === 'application/x-www-form-urlencoded') {
      const form = parseQuery(text);
      parsed = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    } else {
      parsed = JSON.parse(text);
    }
  } catch {
    return { status: 400, why: 'body is not JSON' };
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? null : { status: 400, why: 'body is not a JSON object' };
}
