/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// How the node reads a date or date-time a user gives (requests/dates.ts), whatever form it arrives in: text
// from the date picker or typed, a luxon DateTime or a JavaScript Date from an expression, a timestamp.
// The n8n process runs in Tokyo here, the workflows elsewhere: the process's zone must never show.
import { DateTime } from 'luxon';

import { readDateTime, toDateOnly, toUtcIso } from '../../nodes/shared/requests/dates';

const processTz = process.env.TZ;
beforeAll(() => {
	process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
	process.env.TZ = processTz;
});

/** A DateTime from another copy of luxon (n8n's expression engine has its own): only its methods are shared. */
const foreignDateTime = (iso: string | null) => ({ toISO: () => iso });

describe('a date-time, sent as UTC', () => {
	test.each([
		['text without an offset, in the workflow zone', '2026-03-01T10:00:00', '2026-03-01T15:00:00.000Z'],
		['text with an offset, kept', '2026-03-01T10:00:00+01:00', '2026-03-01T09:00:00.000Z'],
		['text with blanks around it', '  2026-03-01T10:00:00Z  ', '2026-03-01T10:00:00.000Z'],
		['SQL-style text', '2026-03-01 10:00:00', '2026-03-01T15:00:00.000Z'],
		['an HTTP date', 'Sun, 01 Mar 2026 10:00:00 GMT', '2026-03-01T10:00:00.000Z'],
		['a luxon DateTime', DateTime.fromISO('2026-03-01T10:00:00', { zone: 'Europe/Berlin' }), '2026-03-01T09:00:00.000Z'],
		["a DateTime of the expression engine's luxon", foreignDateTime('2026-03-01T10:00:00.000-05:00'), '2026-03-01T15:00:00.000Z'],
		['a JavaScript Date', new Date('2026-03-01T15:00:00Z'), '2026-03-01T15:00:00.000Z'],
		['a millisecond timestamp', Date.parse('2026-03-01T15:00:00Z'), '2026-03-01T15:00:00.000Z'],
	])('%s', (_what, value, expected) => {
		expect(toUtcIso(value, 'America/New_York')).toBe(expected);
	});

	test.each([
		['empty text', ''],
		['blanks', '   '],
		['text that is no date', 'next Tuesday'],
		['null', null],
		['undefined', undefined],
		['an object that is no date', { when: 'today' }],
		['a DateTime of the expression engine that is invalid', foreignDateTime(null)],
		['an invalid JavaScript Date', new Date('nope')],
		['a timestamp that is not finite', Number.NaN],
		['infinity', Number.POSITIVE_INFINITY],
	])('%s is no date-time', (_what, value) => {
		expect(toUtcIso(value, 'America/New_York')).toBeUndefined();
		expect(readDateTime(value, 'America/New_York')).toBeUndefined();
	});
});

describe('a date, sent as YYYY-MM-DD: the date where it was written', () => {
	// 11:30 on 1 March in UTC-12 is 2 March in UTC, in Tokyo and in every zone from UTC-11 on
	test.each([
		['a plain date, as typed', ' 2026-03-01 ', 'Etc/GMT+12', '2026-03-01'],
		['a date-time in the workflow zone', '2026-03-01T23:30:00', 'Etc/GMT+12', '2026-03-01'],
		['a date-time with its offset, in the zone it was written in', '2026-03-01T23:30:00-12:00', 'Europe/Berlin', '2026-03-01'],
		["a DateTime of the expression engine's luxon, in its own zone", foreignDateTime('2026-03-01T23:30:00.000-12:00'), 'Europe/Berlin', '2026-03-01'],
		['a JavaScript Date, in the workflow zone', new Date('2026-03-02T06:00:00Z'), 'Etc/GMT+12', '2026-03-01'],
		['a timestamp, in the workflow zone', Date.parse('2026-03-02T06:00:00Z'), 'Etc/GMT+12', '2026-03-01'],
		['a JavaScript Date, in a zone ahead of UTC', new Date('2026-03-01T20:00:00Z'), 'Pacific/Auckland', '2026-03-02'],
	])('%s', (_what, value, zone, expected) => {
		expect(toDateOnly(value, zone)).toBe(expected);
	});

	test('no date gives nothing', () => {
		expect(toDateOnly('', 'UTC')).toBeUndefined();
		expect(toDateOnly('soon', 'UTC')).toBeUndefined();
		expect(toDateOnly(null, 'UTC')).toBeUndefined();
	});
});
