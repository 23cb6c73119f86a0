import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { MESSAGE_ACTION_COMMAND, MORE_USERS_PARAMETER } from '../../src/teams/message-action.ts';

// The Teams app package must agree with the code (command id, parameter name) and Teams' rules
// (icon sizes, an outline icon that is white on transparent).

const dir = new URL('../../manifests/teams/', import.meta.url);
type Json = Record<string, unknown>;
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Json;

function readPng(name: string): { width: number; height: number; pixels: Buffer } {
  const bytes = readFileSync(new URL(name, dir));
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${name} is a PNG`);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.deepEqual([bytes[24], bytes[25], bytes[28]], [8, 6, 0], `${name}: 8-bit RGBA, not interlaced`);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return { width, height, pixels: inflateSync(Buffer.concat(idat)) };
}

test('the manifest declares the bot in every scope, with files, and the message action the code handles', () => {
  assert.equal(manifest.manifestVersion, '1.19');
  assert.equal(manifest.id, '{{MICROSOFT_APP_ID}}');
  const [bot] = manifest.bots as Json[];
  assert.deepEqual(bot?.scopes, ['personal', 'team', 'groupChat']);
  assert.equal(bot?.supportsFiles, true);
  assert.equal(bot?.isNotificationOnly, false);
  assert.equal(bot?.botId, manifest.id);
  const [extension] = manifest.composeExtensions as Json[];
  const [command] = extension?.commands as Json[];
  assert.equal(command?.id, MESSAGE_ACTION_COMMAND);
  assert.deepEqual([command?.type, command?.context, command?.fetchTask], ['action', ['message'], false]);
  // With fetchTask false Teams builds the dialog from the parameters: at least one is required.
  const parameters = command?.parameters as Json[];
  assert.deepEqual(parameters.map((p) => p.name), [MORE_USERS_PARAMETER]);
  for (const list of bot?.commandLists as Json[]) for (const c of list.commands as Json[]) assert.ok(String(c.title).length <= 32 && String(c.description).length <= 128);
  assert.ok(String((manifest.name as Json).short).length <= 30 && String((manifest.description as Json).short).length <= 80);
});

test('the icons are real PNGs of the sizes Teams requires; the outline is white on transparent', () => {
  const color = readPng('color.png');
  assert.deepEqual([color.width, color.height], [192, 192]);
  const outline = readPng('outline.png');
  assert.deepEqual([outline.width, outline.height], [32, 32]);
  let transparent = 0;
  for (let y = 0; y < 32; y++) {
    assert.equal(outline.pixels[y * (1 + 32 * 4)], 0, 'filter byte');
    for (let x = 0; x < 32; x++) {
      const i = y * (1 + 32 * 4) + 1 + x * 4;
      if (outline.pixels[i + 3] === 0) transparent += 1;
      else assert.deepEqual([...outline.pixels.subarray(i, i + 3)], [255, 255, 255], `pixel ${x},${y} is white`);
    }
  }
  assert.ok(transparent > 512, 'mostly transparent');
});
