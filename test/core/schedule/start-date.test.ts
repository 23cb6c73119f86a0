import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnOrder, parseStartDate } from '../../../src/core/parse/start-date.ts';
import { parseIdentifierFile } from '../../../src/core/parse/parse-file.ts';
import { formatZoned, zonedToEpoch } from '../../../src/core/schedule/zoned-time.ts';

test('start dates: ISO, US slashes, European dots; impossible dates refused', () => {
  assert.deepEqual(parseStartDate('2026-12-07'), { ok: true, date: '2026-12-07' });
  assert.deepEqual(parseStartDate('2026-12-07T00:00:00Z'), { ok: true, date: '2026-12-07' });
  assert.deepEqual(parseStartDate('12/07/2026'), { ok: true, date: '2026-12-07' });
  assert.deepEqual(parseStartDate('7.12.2026'), { ok: true, date: '2026-12-07' });
  // Only one reading is a date: that one.
  assert.deepEqual(parseStartDate('13/02/2026'), { ok: true, date: '2026-02-13' });
  assert.equal(parseStartDate('02/30/2026').ok, false);
  assert.equal(parseStartDate('07-12-2026').ok, false, 'dashes with the year last: which order is it?');
  assert.equal(parseStartDate('12/7/26').ok, false, 'two-digit year');
  assert.equal(parseStartDate('next monday').ok, false);
});

test('a column that writes slash dates day-first makes its other slash dates ambiguous', () => {
  const order = columnOrder(['13/02/2026', '03/02/2026', '2026-02-04']);
  assert.equal(order.slashDayFirst, true);
  const ambiguous = parseStartDate('03/02/2026', order);
  assert.equal(ambiguous.ok, false);
  assert.match((ambiguous as { reason: string }).reason, /ambiguous/);
  assert.deepEqual(parseStartDate('03/03/2026', order), { ok: true, date: '2026-03-03' }, 'the same either way');
});

test('a file with a Start date column: each person carries their date; an ambiguous row is refused with its line', () => {
  const text = 'Email,Start date\nann@corp.example,2026-12-07\nbo@corp.example,13/12/2026\ncy@corp.example,03/12/2026\ndee@corp.example,\n';
  const parsed = parseIdentifierFile({ name: 'hires.csv', bytes: Buffer.from(text) });
  assert.deepEqual(parsed.identifiers.map((i) => [i.value, i.startDate ?? null]), [
    ['ann@corp.example', '2026-12-07'],
    ['bo@corp.example', '2026-12-13'],
    ['dee@corp.example', null],
  ]);
  assert.equal(parsed.rejected.length, 1);
  assert.equal(parsed.rejected[0]?.line, 4);
  assert.match(parsed.rejected[0]?.reason ?? '', /ambiguous/);
});

test('wall-clock times in a zone, across DST', () => {
  const winter = zonedToEpoch('2026-12-07', '08:00', 'Europe/Berlin');
  assert.equal(new Date(winter).toISOString(), '2026-12-07T07:00:00.000Z');
  const summer = zonedToEpoch('2026-07-07', '08:00', 'Europe/Berlin');
  assert.equal(new Date(summer).toISOString(), '2026-07-07T06:00:00.000Z');
  assert.equal(new Date(zonedToEpoch('2026-12-07', '08:00', 'America/New_York')).toISOString(), '2026-12-07T13:00:00.000Z');
  assert.equal(formatZoned(winter, 'Europe/Berlin'), '2026-12-07 08:00 (Europe/Berlin)');
});
