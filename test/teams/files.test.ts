import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, fixture, HELEN, isPlanCard, personalMessage, withTeams, textOf, type Activity, type TeamsHarness } from './teams-harness.ts';

// Files reach a bot only in personal chat (manifest supportsFiles), as a file.download.info
// attachment whose downloadUrl is pre-authenticated (fixtures/teams/file-download-info-attachment.json).


function fileMessage(h: TeamsHarness, name: string, bytes: Uint8Array | string, contentLength = true): Activity {
  h.connector.files.set(name, { bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes, contentLength });
  const attachment = fixture('file-download-info-attachment');
  const content = attachment.content as JsonObject;
  return { ...personalMessage(''), attachments: [{ ...attachment, name, content: { ...content, downloadUrl: h.connector.fileUrl(name), fileType: name.split('.').pop() } }] };
}

const firstReply = async (h: TeamsHarness) => textOf(await h.connector.waitFor((m) => textOf(m) !== ''));
const downloads = (h: TeamsHarness) => h.connector.calls.filter((call) => call.kind === 'download');

test('a CSV sent in personal chat becomes a plan, and confirming it emails the people in it', async () => {
  await withTeams(async (h) => {
    await h.post(fileMessage(h, 'new-hires.csv', `\uFEFFLogin,Department\r\nalice.nguyen@${D},Sales\r\nbob.li@${D},Ops\r\n`));
    const plan = await h.connector.waitFor(isPlanCard);
    assert.equal(cardTexts(cardOf(plan))[0], 'Resend activation emails to 2 users?');
    assert.equal(downloads(h).length, 1);
    assert.equal(downloads(h)[0]?.authorization, null, 'the download URL is pre-authenticated: no token is sent');

    const planId = String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
    await h.post(cardClick(plan.id, { action: 'confirm', planId }));
    await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    assert.deepEqual(h.rt.sim.outbox.map((mail) => mail.to).sort(), [`alice.nguyen@${D}`, `bob.li@${D}`]);
  });
});

test('a file in a channel gets a pointer to the personal chat: nothing downloaded, no Okta call', async () => {
  await withTeams(async (h) => {
    const channel = fixture('message-action-submit');
    h.connector.files.set('new-hires.csv', { bytes: Buffer.from(`alice.nguyen@${D}\n`) });
    await h.post({
      type: 'message',
      id: '1795389000003',
      channelId: 'msteams',
      from: HELEN,
      recipient: channel.recipient,
      conversation: channel.conversation,
      channelData: channel.channelData,
      text: '<at>resend-activation</at> these please',
      entities: [{ type: 'mention', text: '<at>resend-activation</at>', mentioned: { id: '28:00000000-bot-app-id', name: 'resend-activation' } }],
      attachments: [
        { contentType: 'reference', contentUrl: h.connector.fileUrl('new-hires.csv'), name: 'new-hires.csv' },
        { contentType: 'text/html', content: '<div><at>resend-activation</at> these please<attachment id="1150D938"></attachment></div>' },
      ],
    });
    assert.match(await firstReply(h), /personal chat/);
    assert.equal(downloads(h).length, 0);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('a workbook is refused by its name, before it is downloaded', async () => {
  await withTeams(async (h) => {
    await h.post(fileMessage(h, 'new-hires.xlsx', 'PK\u0003\u0004 not really a workbook'));
    assert.match(await firstReply(h), /spreadsheet workbook; export it as CSV/);
    assert.equal(downloads(h).length, 0);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('binary content behind a .csv name is refused with a clear message and no Okta call', async () => {
  await withTeams(async (h) => {
    await h.post(fileMessage(h, 'hires.csv', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0, 1, 2, 3])));
    assert.match(await firstReply(h), /is a PDF/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('an oversized file is refused from its Content-Length, or mid-stream without one', async () => {
  await withTeams(async (h) => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 'a');
    await h.post(fileMessage(h, 'big.csv', big));
    assert.match(await firstReply(h), /^"big\.csv" is too large: 5\.1 MB \(the limit is 5 MB\)/);
    await h.post(fileMessage(h, 'streamed.csv', big, false));
    await h.connector.waitUntil(() => h.connector.posted().length === 2);
    assert.match(textOf(h.connector.posted()[1]!), /^"streamed\.csv" is too large: over 5 MB/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('a table with no login or email column is refused with the columns it has, and no Okta call', async () => {
  await withTeams(async (h) => {
    await h.post(fileMessage(h, 'people.csv', 'Full name,Department\r\nAlice Nguyen,Sales\r\n'));
    assert.match(await firstReply(h), /^No column holds logins or emails\. The columns found are "Full name", "Department"/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('rows with no login, each near the row limit, are listed clipped: the reply fits in a Teams message', async () => {
  await withTeams(async (h) => {
    const rows = Array.from({ length: 12 }, (_, i) => `,note ${i} ${'x'.repeat(4000)}`);
    await h.post(fileMessage(h, 'hires.csv', `Login,Department\r\n${rows.join('\r\n')}\r\n`));
    const reply = await firstReply(h);
    assert.match(reply, /line 2: /);
    assert.match(reply, /…and 2 more\./);
    assert.ok(reply.length < 4000, `the reply is ${reply.length} characters`);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('in personal chat, an attachment the bot cannot read does not hide a typed list', async () => {
  await withTeams(async (h) => {
    const image = { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/amer/v3/attachments/1/views/original' };
    await h.post({ ...personalMessage(''), attachments: [image] });
    assert.match(await firstReply(h), /^I could not read that attachment/);
    await h.post({ ...personalMessage(`resend activation bob.li@${D}`), attachments: [image] });
    const plan = await h.connector.waitFor(isPlanCard);
    assert.ok(cardTexts(cardOf(plan)).includes(`bob.li@${D}`));
  });
});

test('a downloadUrl outside SharePoint/OneDrive is not fetched', async () => {
  await withTeams(async (h) => {
    const attachment = fixture('file-download-info-attachment');
    const content = attachment.content as JsonObject;
    for (const url of ['https://internal.corp.example/new-hires.csv', 'http://corp-my.sharepoint.com/x.csv', 'https://sharepoint.com.evil.example/x.csv']) {
      await h.post({ ...personalMessage(''), attachments: [{ ...attachment, content: { ...content, downloadUrl: url } }] });
    }
    await h.surface.drain();
    assert.deepEqual(h.connector.posted().map(textOf), [
      'The file link Teams sent does not point to SharePoint or OneDrive, so I did not open it.',
      'The file link Teams sent is not an https link.',
      'The file link Teams sent does not point to SharePoint or OneDrive, so I did not open it.',
    ]);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});
