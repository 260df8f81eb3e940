/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The poll's state and the list it reads, at their edges: what Apideck may list that cannot be tracked,
// a cursor that repeats, how many record IDs the state keeps, what each item names, a saved state that
// does not fit, and Fetch Test Event's request.

import { MAX_SEEN, pruned, timeOf, type PollState } from '../../nodes/ApideckCrmPollingTrigger/poll';
import { byId } from '../helpers/node';
import { startPollHarness, type PollHarness } from './harness';

let h: PollHarness;
afterEach(async () => {
	h?.sandbox.intercept(null);
	await h?.close();
});

const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

/** Apideck's list of leads answered with `records` as one page, `next` as its cursor, from `service` (null: not said). */
function listLeads(records: unknown[], next: string | null = null, service: string | null = 'hubspot') {
	h.sandbox.intercept((req) =>
		req.method === 'GET' && req.path === '/crm/leads'
			? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', ...(service === null ? {} : { service }), data: records, meta: { cursors: { next } } } }
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

describe('each item names its record, its service and its event', () => {
	const start = async (parameters: Record<string, unknown>, service: string | null = 'hubspot') => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created', ...parameters } });
		listLeads([{ id: 'old', name: 'Old', created_at: at(T0) }], null, service);
		await h.activate();
		listLeads([{ id: 'a/b c', name: 'New', created_at: at(T0 + 1000) }], null, service);
		return (await h.poll())![0];
	};

	test('the service Apideck says answered; the ID escaped in the record URL; the event ID from service, resource, ID and time', async () => {
		const item = await start({});
		expect(item).toMatchObject({
			event_type: 'crm.lead.created',
			entity_type: 'lead',
			entity_id: 'a/b c',
			service_id: 'hubspot',
			event_id: `poll:hubspot:lead:a/b c:${T0 + 1000}`,
			entity_url: `${h.sandbox.url}/crm/leads/a%2Fb%20c`,
			occurred_at: at(T0 + 1000),
			record_status: 'found',
		});
	});

	test('when Apideck does not say, the Service picked (trimmed); with neither, no service', async () => {
		const picked = await start({ service: byId(' pipedrive ') }, null);
		expect(picked).toMatchObject({ service_id: 'pipedrive', event_id: `poll:pipedrive:lead:a/b c:${T0 + 1000}` });
		expect(h.sandbox.requests.at(-1)!.headers['x-apideck-service-id']).toBe('pipedrive');
		await h.close();
		const none = await start({}, null);
		expect(none).toMatchObject({ service_id: null, event_id: `poll::lead:a/b c:${T0 + 1000}` });
	});

	test.each([
		[true, { Tier: 'gold' }],
		['yes', undefined],
	])('Custom Fields as Properties set to %j', async (option, byName) => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created', options: { customFieldsByName: option } } });
		listLeads([]);
		await h.activate();
		listLeads([{ id: 'n', name: 'New', created_at: at(T0), custom_fields: [{ id: 'cf1', name: 'Tier', value: 'gold' }] }]);
		expect(((await h.poll())![0].record as any).custom_fields_by_name).toEqual(byName);
	});
});

describe('a saved state that does not fit starts afresh, without a backfill', () => {
	let fitting: any;
	beforeEach(async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		listLeads([{ id: 'old', name: 'Old', created_at: at(T0) }]);
		await h.activate();
		fitting = h.savedState();
		listLeads([
			{ id: 'new', name: 'New', created_at: at(T0 + 1000) },
			{ id: 'old', name: 'Old', created_at: at(T0) },
		]);
	});

	test('the state as saved: the new lead is emitted', async () => {
		h.restartWith(fitting);
		expect((await h.poll())!.map((i) => i.entity_id)).toEqual(['new']);
	});

	test.each([
		['none', () => undefined],
		['not an object', () => 'sort'],
		['made for other settings', (s: any) => ({ ...s, key: '["lead","createdOrUpdated","",{}]' })],
		['of an unknown strategy', (s: any) => ({ ...s, strategy: 'guess' })],
		['without the IDs seen', (s: any) => ({ ...s, seen: undefined })],
		['with the IDs seen as text', (s: any) => ({ ...s, seen: 'old' })],
		['read by filter[updated_since] without its starting point', (s: any) => ({ ...s, strategy: 'updatedSince', since: undefined })],
	])('%s: nothing is emitted, and the new starting point is the newest lead', async (_what, change) => {
		h.restartWith(change(fitting));
		expect(await h.poll()).toBeNull();
		expect(h.live().state).toMatchObject({ key: fitting.key, strategy: 'sort', newest: at(T0 + 1000), seen: { new: T0 + 1000, old: T0 } });
		listLeads([{ id: 'next', name: 'Next', created_at: at(T0 + 2000) }, { id: 'new', name: 'New', created_at: at(T0 + 1000) }]);
		expect((await h.poll())!.map((i) => i.entity_id)).toEqual(['next']);
	});
});

describe('Fetch Test Event', () => {
	test('asks for the 20 newest by the watched field, and leaves the state alone', async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'createdOrUpdated' } });
		listLeads([{ id: 'b', name: 'B', created_at: at(T0), updated_at: at(T0) }]);
		const { items, saved } = await h.fetchTestEvent();
		expect(items.map((i) => [i.entity_id, i.event_type])).toEqual([['b', 'crm.lead.created']]);
		expect(h.takeRequests().map((r) => r.query)).toEqual([{ limit: '20', sort: { by: 'updated_at', direction: 'desc' } }]);
		expect(saved).toEqual({});
		// changed after it was created: an update
		listLeads([{ id: 'b', name: 'B', created_at: at(T0), updated_at: at(T0 + 5) }]);
		expect((await h.fetchTestEvent()).items.map((i) => i.event_type)).toEqual(['crm.lead.updated']);
	});

	test("on a connector that cannot sort: the newest of what changed in the 30 days before Apideck's clock", async () => {
		h = await startPollHarness({ parameters: { resource: 'activity', event: 'created' } });
		const apideckDate = 'Mon, 02 Mar 2026 10:00:00 GMT';
		h.sandbox.intercept((req) => {
			if (req.method !== 'GET' || req.path !== '/crm/activities') return undefined;
			if (req.query.sort) {
				return { kind: 'respond', status: 400, headers: { date: apideckDate }, body: { status_code: 400, error: 'Bad Request', type_name: 'UnsupportedSortFieldError', message: 'Unsupported sort field' } };
			}
			const activity = (id: string, ms: number) => ({ id, title: id, created_at: at(ms), updated_at: at(ms) });
			return { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', data: [activity('older', T0 - 2000), activity('newest', T0 - 1000), activity('oldest', T0 - 3000)], meta: { cursors: { next: 'more' } } } };
		});
		const { items, error } = await h.fetchTestEvent();
		expect(error).toBeUndefined();
		expect(items.map((i) => i.entity_id)).toEqual(['newest']);
		const reads = h.takeRequests();
		expect(reads.map((r) => r.status)).toEqual([400, 200]);
		expect(reads[1].query).toEqual({ limit: '200', filter: { updated_since: new Date(T0 - 30 * 24 * 3_600_000).toISOString() } });
	});

	test('an error other than a refused sort is shown as Apideck gave it', async () => {
		h = await startPollHarness({ parameters: { resource: 'activity', event: 'created' } });
		h.sandbox.intercept((req) =>
			req.path === '/crm/activities'
				? { kind: 'respond', status: 400, body: { status_code: 400, error: 'Bad Request', type_name: 'InvalidFilterError', message: 'No such filter' } }
				: undefined,
		);
		const { error } = await h.fetchTestEvent();
		expect(error.message).toContain('No such filter');
		expect(h.takeRequests()).toHaveLength(1);
	});
});
