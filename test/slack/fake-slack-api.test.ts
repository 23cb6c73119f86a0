import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeSlackApi, type Json } from '../support/fake-slack-api.ts';

// The fake must refuse what Slack refuses, or the upload assertions elsewhere prove nothing.

test('the fake Slack refuses an upload URL without a length, and completing an upload whose bytes never arrived', async () => {
  const slack = await startFakeSlackApi();
  try {
    const call = async (method: string, args: Record<string, string>): Promise<Json> => {
      const response = await fetch(`${slack.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(args).toString() });
      return (await response.json()) as Json;
    };
    assert.deepEqual(await call('files.getUploadURLExternal', { filename: 'a.csv' }), { ok: false, error: 'invalid_arguments' });

    const granted = await call('files.getUploadURLExternal', { filename: 'a.csv', length: '4' });
    assert.equal(granted.ok, true);
    const files = JSON.stringify([{ id: granted.file_id, title: 'a.csv' }]);
    assert.deepEqual(await call('files.completeUploadExternal', { files, channel_id: 'C1' }), { ok: false, error: 'file_not_found' }, 'nothing was uploaded yet');
    assert.equal(slack.uploads.length, 0);

    await fetch(String(granted.upload_url), { method: 'POST', body: 'a,b\n' });
    assert.equal((await call('files.completeUploadExternal', { files, channel_id: 'C1' })).ok, true);
    assert.deepEqual(slack.uploads.map((u) => [u.filename, u.content, u.channel]), [['a.csv', 'a,b\n', 'C1']]);
    assert.equal((await call('files.completeUploadExternal', { files, channel_id: 'C1' })).ok, false, 'a file is shared once');
  } finally {
    await slack.close();
  }
});

test('the fake Slack tells a shown ephemeral from one sent into a thread that has no replies', async () => {
  const slack = await startFakeSlackApi();
  try {
    const ephemeral = (args: Record<string, string>) =>
      fetch(`${slack.apiUrl}chat.postEphemeral`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ channel: 'C1', user: 'U1', ...args }).toString() });
    await ephemeral({ text: 'top level' });
    await ephemeral({ text: 'empty thread', thread_ts: '100.000001' });
    slack.noteUserMessage('C1', '100.000002', '100.000001');
    await ephemeral({ text: 'thread with a reply', thread_ts: '100.000001' });
    assert.deepEqual(slack.notices.map((n) => [n.text, n.visible]), [['top level', true], ['empty thread', false], ['thread with a reply', true]]);
    assert.deepEqual(slack.visibleNoticesTo('U1'), ['top level', 'thread with a reply']);
  } finally {
    await slack.close();
  }
});
