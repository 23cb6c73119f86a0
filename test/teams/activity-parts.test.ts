import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCardAction } from '../../src/teams/card-actions.ts';
import { FILE_DOWNLOAD_INFO, filesOf } from '../../src/teams/file-attachments.ts';
import { commandFromMessage, mentionsBot } from '../../src/teams/message-text.ts';

const bot = { id: '28:bot' };
const mention = { type: 'mention', text: '<at>resend-activation</at>', mentioned: { id: '28:bot' } };

test('the bot mention and an optional command word are removed before the list', () => {
  const cases: Array<[string, string]> = [
    ['resend activation a@x.com, b@x.com', 'a@x.com, b@x.com'],
    ['Resend a@x.com', 'a@x.com'],
    ['/resend-activation a@x.com', 'a@x.com'],
    ['resend activation emails: a@x.com', 'a@x.com'],
    ['a@x.com resend', 'a@x.com resend'],
    ['resender@x.com', 'resender@x.com'],
  ];
  for (const [text, expected] of cases) assert.deepEqual(commandFromMessage({ text, recipient: bot }), { kind: 'resend', text: expected }, text);
  assert.deepEqual(commandFromMessage({ text: '<at>resend-activation</at> resend activation a@x.com', entities: [mention], recipient: bot }), { kind: 'resend', text: 'a@x.com' });
});

test('a bot mention entity without its text (older group-chat payloads) is still removed', () => {
  const bare = { type: 'mention', mentioned: { id: '28:bot', name: 'resend-activation' } };
  assert.deepEqual(commandFromMessage({ text: '<at>resend-activation</at> resend a@x.com', entities: [bare], recipient: bot }), { kind: 'resend', text: 'a@x.com' });
  const renamed = { type: 'mention', mentioned: { id: '28:bot', name: 'Old name' } };
  assert.deepEqual(commandFromMessage({ text: '<at>Resend bot</at> a@x.com', entities: [renamed], recipient: bot }), { kind: 'resend', text: 'a@x.com' });
});

test('help, nothing, or only a mention asks for usage', () => {
  for (const text of ['help', 'HELP', '', '  ', 'resend activation', '?']) assert.deepEqual(commandFromMessage({ text, recipient: bot }), { kind: 'help' }, text);
  assert.deepEqual(commandFromMessage({ text: '<at>resend-activation</at>', entities: [mention], recipient: bot }), { kind: 'help' });
});

test('only a mention of this bot counts as addressing it', () => {
  assert.equal(mentionsBot({ entities: [mention], recipient: bot }), true);
  assert.equal(mentionsBot({ entities: [{ ...mention, mentioned: { id: '29:someone' } }], recipient: bot }), false);
  assert.equal(mentionsBot({ recipient: bot }), false);
});

test('card clicks are only our own buttons', () => {
  assert.deepEqual(parseCardAction({ action: 'confirm', planId: 'plan_1' }), { action: 'confirm', planId: 'plan_1' });
  assert.deepEqual(parseCardAction({ action: 'alternative', planId: 'p', alternative: 'reset_password' }), { action: 'alternative', planId: 'p', alternative: 'reset_password' });
  assert.equal(parseCardAction({ action: 'alternative', planId: 'p', alternative: 'delete_user' }), null);
  assert.equal(parseCardAction({ action: 'approve', planId: 'p' }), null);
  assert.equal(parseCardAction('confirm'), null);
});

test('personal-chat files are downloadable; channel uploads and links are not', () => {
  const info = { contentType: FILE_DOWNLOAD_INFO, name: 'a.csv', content: { downloadUrl: 'https://x/download', fileType: 'csv' } };
  assert.deepEqual(filesOf([info]), { downloadable: [{ name: 'a.csv', downloadUrl: 'https://x/download' }], unreadable: false });
  assert.deepEqual(filesOf([{ contentType: 'reference', contentUrl: 'https://sp/a.csv', name: 'a.csv' }]), { downloadable: [], unreadable: true });
  assert.deepEqual(filesOf([{ contentType: 'text/html', content: '<div>hi<attachment id="1"></attachment></div>' }]), { downloadable: [], unreadable: true });
  assert.deepEqual(filesOf([{ contentType: 'text/html', content: '<div>just text</div>' }]), { downloadable: [], unreadable: false });
  assert.deepEqual(filesOf([{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }]), { downloadable: [], unreadable: false });
  assert.deepEqual(filesOf(undefined), { downloadable: [], unreadable: false });
});
