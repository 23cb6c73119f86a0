import express, { type Router } from 'express';

/** Slack's largest payloads (a block_actions with a full message) are tens of kilobytes. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

/**
 * Bolt's receiver reads the whole body before it checks the signature, with no size limit. This
 * guard refuses a declared length over the limit at once, and cuts off a body that grows past it.
 */
export function withBodyLimit(router: Router, path: string, maxBytes = MAX_SLACK_BODY_BYTES): Router {
  const guarded = express.Router();
  guarded.post(path, (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.status(413).json({ error: 'request body too large' });
      return;
    }
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) req.destroy();
    });
    next();
  });
  guarded.use(router);
  return guarded;
}
