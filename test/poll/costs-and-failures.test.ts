/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What a poll costs in requests, what a failed poll leaves behind, connectors that refuse the sort,
// "Fetch Test Event", and bad settings: through n8n-core's poll context against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../sandbox';
import { startPollHarness, type PollHarness } from './harness';

let h: PollHarness;
afterEach(async () => {
	h?.sandbox.intercept(null);
	await h?.close();
});

const T0 = Date.parse('2026-03-02T10:00:00Z');
const names = (items: IDataObject[] | null) => (items ?? []).map((i) => (i.record as IDataObject).name ?? (i.record as IDataObject).title);
const createLead = (name: string) => h.sandbox.createRecord(DEMO.consumerId, 'leads', { name, company_name: 'Acme' });
const listReads = () => h.takeRequests().filter((r) => r.method === 'GET' && r.path === '/crm/leads');

describe('requests per poll', () => {
	beforeEach(async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		// distinct timestamps (a page that ends in a tie with the newest lead seen costs one more page)
		for (let i = 0; i < 3; i++) {
			h.sandbox.setClock({ fixedMs: T0 + i });
			createLead(`Before ${i}`);
		}
		await h.activate();
		h.sandbox.setClock({ fixedMs: T0 + 999 });
		h.takeRequests();
	});

	test('nothing new: one request per poll', async () => {
		for (let i = 0; i < 3; i++) expect(await h.poll()).toBeNull();
		const reads = listReads();
		expect(reads).toHaveLength(3);
		expect(reads[0].query).toEqual({ limit: '200', sort: { by: 'created_at', direction: 'desc' } });
	});

	test('one new lead: one request', async () => {
		createLead('New');
		expect(names(await h.poll())).toEqual(['New']);
		expect(listReads()).toHaveLength(1);
	});

	test.each([
		[450, 3],
		[400, 3],
		[200, 2],
		// page one ends on the newest lead seen: a lead stamped the same could follow, so page two is read
		[199, 2],
		[198, 1],
	])('%i new leads: %i requests (⌈N/200⌉, one more at most), every lead once, oldest first', async (count, requests) => {
		for (let i = 0; i < count; i++) {
			h.sandbox.setClock({ fixedMs: T0 + 1000 + i });
			createLead(`New ${i}`);
		}
		const items = await h.poll();
		expect(items).toHaveLength(count);
		expect(names(items)).toEqual(Array.from({ length: count }, (_, i) => `New ${i}`));
		const reads = listReads();
		expect(reads).toHaveLength(requests);
		expect(reads.length).toBeLessThanOrEqual(Math.ceil(count / 200) + 1);
		expect(reads.slice(1).every((r) => typeof r.query.cursor === 'string')).toBe(true);
		// and the next, idle poll is back to one request
		expect(await h.poll()).toBeNull();
		expect(listReads()).toHaveLength(1);
	});

	test('activation reads one page, however many leads there are', async () => {
		const other = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		try {
			for (let i = 0; i < 450; i++) other.sandbox.createRecord(DEMO.consumerId, 'leads', { name: `Old ${i}`, company_name: 'Acme' });
			other.takeRequests();
			expect(await other.activate()).toBeNull();
			expect(other.takeRequests()).toHaveLength(1);
			expect(await other.poll()).toBeNull();
			other.sandbox.createRecord(DEMO.consumerId, 'leads', { name: 'New', company_name: 'Acme' });
			expect(names(await other.poll())).toEqual(['New']);
		} finally {
			await other.close();
		}
	});
});

describe('a failed poll moves nothing: the next good poll emits what it would have', () => {
	beforeEach(async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		createLead('Before');
		await h.activate();
		createLead('One');
		createLead('Two');
		h.takeRequests();
	});

	const expectRecovery = async () => {
		expect(h.runs).toHaveLength(0);
		h.sandbox.intercept(null);
		expect(names(await h.poll())).toEqual(['One', 'Two']);
		expect(await h.poll()).toBeNull();
		expect(h.runs).toHaveLength(1);
	};

	test('503 on every attempt: n8n records the error, the state stays where it was', async () => {
		const before = h.live();
		h.sandbox.intercept((req) => (req.path === '/crm/leads' ? { kind: 'respond', status: 503, body: { status_code: 503, error: 'Service Unavailable', type_name: 'ConnectorExecutionError', message: 'Downstream down' } } : undefined));
		expect(await h.poll()).toBeNull();
		expect(h.errors).toHaveLength(1);
		expect(h.errors[0].message).toContain('ConnectorExecutionError');
		expect(listReads().length).toBe(3); // the transport's attempts
		expect(h.live()).toEqual(before);
		await expectRecovery();
	});

	test('401: the error names Apideck\'s answer and never the API key', async () => {
		h.sandbox.intercept((req) =>
			req.path === '/crm/leads'
				? { kind: 'respond', status: 401, body: { status_code: 401, error: 'Unauthorized', type_name: 'UnauthorizedError', message: `Invalid API key ${req.apiKey}` } }
				: undefined,
		);
		expect(await h.poll()).toBeNull();
		expect(h.errors).toHaveLength(1);
		const shown = JSON.stringify({ message: h.errors[0].message, description: (h.errors[0] as any).description, context: (h.errors[0] as any).context });
		expect(shown).toContain('UnauthorizedError');
		expect(shown).not.toContain(DEMO.apiKey);
		await expectRecovery();
	});

	test('a connection reset on the second page: nothing emitted from the first page either', async () => {
		for (let i = 0; i < 250; i++) createLead(`Bulk ${i}`);
		h.sandbox.intercept((req) => (req.query.cursor ? { kind: 'reset' } : undefined));
		expect(await h.poll()).toBeNull();
		expect(h.errors).toHaveLength(1);
		h.sandbox.intercept(null);
		const items = await h.poll();
		expect(items).toHaveLength(252);
		expect(names(items).slice(0, 2)).toEqual(['One', 'Two']);
	});

	test('a 429 is waited out within the poll: the leads come once', async () => {
		h.sandbox.intercept((req) => (req.seen === 0 ? { kind: 'respond', status: 429, body: { status_code: 429, error: 'Too Many Requests', type_name: 'TooManyRequestsError', message: 'Slow down' }, headers: { 'retry-after': '0' } } : undefined));
		expect(names(await h.poll())).toEqual(['One', 'Two']);
		expect(h.errors).toHaveLength(0);
		expect(listReads().map((r) => r.status)).toEqual([429, 200]);
	});

	test('an n8n restart after a failed poll: the leads come once', async () => {
		h.sandbox.intercept(() => ({ kind: 'respond', status: 500, body: { status_code: 500, error: 'Internal', type_name: 'InternalServerError', message: 'x' } }));
		await h.poll();
		h.restart();
		h.sandbox.intercept(null);
		expect(names(await h.activate())).toEqual(['One', 'Two']);
		expect(await h.poll()).toBeNull();
	});
});

describe('a connector that cannot sort', () => {
	test('activities fall back to filter[updated_since]: no backfill, new activities once, never a full scan', async () => {
		h = await startPollHarness({ parameters: { resource: 'activity', event: 'created' } });
		h.sandbox.setUnsortable('hubspot', ['activities']);
		h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'call', title: 'Old call' });
		expect(await h.activate()).toBeNull();
		const start = h.takeRequests();
		expect(start.map((r) => r.status)).toEqual([400, 200]);
		expect(start[1].query).toEqual({ limit: '200', filter: { updated_since: expect.any(String) } });
		expect(h.savedState()).toMatchObject({ strategy: 'updatedSince' });

		h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'task', title: 'New task' });
		const items = await h.poll();
		expect(names(items)).toEqual(['New task']);
		expect(items![0].event_type).toBe('crm.activity.created');
		const reads = h.takeRequests();
		expect(reads).toHaveLength(1);
		expect(reads[0].query.sort).toBeUndefined();
		expect(reads[0].query.filter.updated_since).toEqual(expect.any(String));
		expect(await h.poll()).toBeNull();
		expect(h.takeRequests()).toHaveLength(1);
	});

	test('activities: an update of an old activity is not a new one; in Created or Updated it is emitted once', async () => {
		h = await startPollHarness({ parameters: { resource: 'activity', event: 'createdOrUpdated' } });
		h.sandbox.setUnsortable('hubspot', ['activities']);
		const old = h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'call', title: 'Old call' });
		await h.activate();
		h.sandbox.updateRecord(DEMO.consumerId, 'activities', old.id, { title: 'Old call, edited' });
		h.sandbox.updateRecord(DEMO.consumerId, 'activities', old.id, { title: 'Old call, edited twice' });
		expect(await h.poll()).toEqual([expect.objectContaining({ event_type: 'crm.activity.updated', record: expect.objectContaining({ title: 'Old call, edited twice' }) })]);
		expect(await h.poll()).toBeNull();
	});

	test('leads have no updated_since filter: activation fails with why and what to do, after one request', async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		h.sandbox.setUnsortable('hubspot', ['leads']);
		createLead('There');
		h.takeRequests();
		await expect(h.activate()).rejects.toThrow('This CRM connection cannot list leads newest first, which polling needs');
		await h.activate().catch((error) => {
			expect(error.description).toContain('Apideck CRM Trigger (webhooks)');
			expect(error.description).toContain('created_at');
		});
		expect(h.takeRequests().map((r) => r.status)).toEqual([400, 400]);
		expect(h.savedState()).toBeUndefined();
		expect(h.runs).toHaveLength(0);
	});

	test('a connector that stops sorting later: the poll goes on from where it was, with filter[updated_since]', async () => {
		h = await startPollHarness({ parameters: { resource: 'activity', event: 'created' } });
		h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'call', title: 'Old call' });
		await h.activate();
		h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'task', title: 'Before the switch' });
		h.sandbox.setUnsortable('hubspot', ['activities']);
		expect(names(await h.poll())).toEqual(['Before the switch']);
		expect(h.savedState()).toMatchObject({ strategy: 'updatedSince' });
		h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'task', title: 'After the switch' });
		expect(names(await h.poll())).toEqual(['After the switch']);
	});
});

describe('Fetch Test Event (manual mode)', () => {
	test('returns the newest lead and leaves the state as it is', async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		h.sandbox.setClock({ fixedMs: T0 });
		createLead('Older');
		h.sandbox.setClock({ fixedMs: T0 + 1 });
		const newest = createLead('Newest');
		await h.activate();
		const before = h.saved();
		const { items, error, saved } = await h.fetchTestEvent();
		expect(error).toBeUndefined();
		expect(items).toEqual([expect.objectContaining({ event_type: 'crm.lead.created', entity_id: newest.id, record: expect.objectContaining({ name: 'Newest' }) })]);
		expect(saved).toEqual(before);
		createLead('After the test');
		expect(names(await h.poll())).toEqual(['After the test']);
	});

	test('no lead at all: says so and how to get one', async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
		const { items, error } = await h.fetchTestEvent();
		expect(items).toEqual([]);
		expect(error.message).toBe('No leads found in the connected CRM');
		expect(error.description).toContain('Create a lead in the CRM');
	});

	test('on a connector that cannot sort activities: the newest recent activity', async () => {
		h = await startPollHarness({ parameters: { resource: 'activity', event: 'createdOrUpdated' } });
		h.sandbox.setUnsortable('hubspot', ['activities']);
		h.sandbox.createRecord(DEMO.consumerId, 'activities', { type: 'call', title: 'A call' });
		const { items, error } = await h.fetchTestEvent();
		expect(error).toBeUndefined();
		expect(names(items)).toEqual(['A call']);
	});
});

describe('bad settings fail with a clear error and no request', () => {
	test.each([
		[{ resource: 'note', event: 'created' }, 'Resource: unknown value "note"'],
		[{ resource: 'lead', event: 'deleted' }, 'Trigger On: unknown value "deleted"'],
		[{ resource: 'opportunity', event: 'created', opportunityFilters: { monetaryAmount: 'lots' } }, 'Filters → Monetary Amount'],
	])('%j', async (parameters, message) => {
		h = await startPollHarness({ parameters });
		h.takeRequests();
		await expect(h.activate()).rejects.toThrow(message);
		expect(h.takeRequests()).toHaveLength(0);
	});
});
