/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The poll's state and the list it reads, at their edges: what Apideck may list that cannot be tracked,
// a cursor that repeats, and how many record IDs the state keeps.

import { MAX_SEEN, pruned, timeOf, type PollState } from '../../nodes/ApideckCrmPollingTrigger/poll';
import { startPollHarness, type PollHarness } from './harness';

let h: PollHarness;
afterEach(async () => {
	h?.sandbox.intercept(null);
	await h?.close();
});

const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

/** Apideck's list of leads answered with `records` as one page, and `next` as its cursor. */
function listLeads(records: unknown[], next: string | null = null) {
	h.sandbox.intercept((req) =>
		req.method === 'GET' && req.path === '/crm/leads'
			? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', service: 'hubspot', data: records, meta: { cursors: { next } } } }
			: undefined,
	);
}

describe('what the list holds', () => {
	beforeEach(async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		listLeads([{ id: 'old', name: 'Old', created_at: at(T0) }]);
		await h.activate();
		h.takeRequests();
	});

	test('a lead without an ID or a readable created_at is passed over; a number ID is read as text', async () => {
		listLeads([
			null,
			{ name: 'No ID', created_at: at(T0 + 5000) },
			{ id: '', name: 'Empty ID', created_at: at(T0 + 5000) },
			{ id: true, name: 'Odd ID', created_at: at(T0 + 5000) },
			{ id: 'x', name: 'Bad date', created_at: 'yesterday' },
			{ id: 'y', name: 'Blank date', created_at: '  ' },
			{ id: 'z', name: 'Number date', created_at: T0 + 5000 },
			{ id: 7, name: 'Seven', created_at: at(T0 + 4000) },
			{ id: 'old', name: 'Old', created_at: at(T0) },
		]);
		const items = await h.poll();
		expect(items!.map((i) => i.entity_id)).toEqual(['7']);
		expect(items![0]).toMatchObject({ event_type: 'crm.lead.created', service_id: 'hubspot', occurred_at: at(T0 + 4000) });
		expect(await h.poll()).toBeNull();
	});

	test('a cursor Apideck returns a second time stops the poll with an error: nothing is emitted, and the state stays', async () => {
		const before = h.savedState();
		let page = 0;
		h.sandbox.intercept((req) =>
			req.method === 'GET' && req.path === '/crm/leads'
				? {
						kind: 'respond',
						status: 200,
						body: { status_code: 200, status: 'OK', data: [{ id: `n${++page}`, name: 'New', created_at: at(T0 + 10_000 - page) }], meta: { cursors: { next: 'same' } } },
					}
				: undefined,
		);
		expect(await h.poll()).toBeNull();
		expect(h.errors.map((e) => e.message)).toEqual(['Apideck returned a page cursor it had already returned']);
		expect((h.errors[0] as any).description).toMatch(/nothing was emitted and the next poll tries again/);
		expect(h.takeRequests().map((r) => r.query.cursor)).toEqual([undefined, 'same']);
		expect(h.runs).toHaveLength(0);
		expect(h.savedState()).toEqual(before);
	});
});

describe('timeOf: the timestamps a CRM writes', () => {
	test.each([
		['2026-03-02T10:00:00Z', T0],
		['2026-03-02T11:00:00+01:00', T0],
		['', undefined],
		['   ', undefined],
		['not a date', undefined],
		[T0, undefined],
		[null, undefined],
		[undefined, undefined],
	])('%j', (value, expected) => {
		expect(timeOf(value)).toBe(expected);
	});
});

describe('pruned: the record IDs the state keeps', () => {
	const state = (seen: Record<string, number>, floor: number | null): PollState => ({ key: 'k', strategy: 'sort', newest: null, floor, seen });

	test('IDs below the floor go; at the floor they stay; without a floor every ID stays', () => {
		expect(pruned(state({ a: 9, b: 10, c: 11 }, 10)).seen).toEqual({ b: 10, c: 11 });
		expect(pruned(state({ a: 9, b: 10 }, null)).seen).toEqual({ a: 9, b: 10 });
		expect(pruned(state({ a: 9, b: 10 }, 10)).floor).toBe(10);
	});

	test(`${MAX_SEEN} IDs are all kept; past that, the oldest go, every ID of the cut's timestamp with them, and the floor rises above it`, () => {
		const full = Object.fromEntries(Array.from({ length: MAX_SEEN }, (_, i) => [`r${i}`, 1000 + i]));
		expect(Object.keys(pruned(state(full, 0)).seen)).toHaveLength(MAX_SEEN);
		expect(pruned(state(full, 0)).floor).toBe(0);

		// two more, newer: the two oldest go, and the floor moves just above the newest of them
		const over = { ...full, n1: 5000, n2: 5001 };
		const kept = pruned(state(over, 0));
		expect(Object.keys(kept.seen)).toHaveLength(MAX_SEEN);
		expect(kept.seen).not.toHaveProperty('r0');
		expect(kept.seen).not.toHaveProperty('r1');
		expect(kept.seen).toHaveProperty('r2', 1002);
		expect(kept.floor).toBe(1002);

		// the ID at the cut shares its timestamp with the next one: both go, never one of the two
		const tie = { ...full, r2: 1001, n1: 5000, n2: 5001 };
		const noHalf = pruned(state(tie, null));
		expect(noHalf.seen).not.toHaveProperty('r1');
		expect(noHalf.seen).not.toHaveProperty('r2');
		expect(Object.keys(noHalf.seen)).toHaveLength(MAX_SEEN - 1);
		expect(noHalf.floor).toBe(1002);
		expect(noHalf.key).toBe('k');
	});
});
