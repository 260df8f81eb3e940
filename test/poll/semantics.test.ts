// The polling trigger's promise, through n8n-core's PollContext and PollTriggerExecutor against the
// sandbox: every record once, nothing missed, no backfill, and the state survives a restart.
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../sandbox';
import { startPollHarness, type PollHarness } from './harness';

let h: PollHarness;
afterEach(async () => {
	h?.sandbox.intercept(null);
	await h?.close();
});

const T0 = Date.parse('2026-03-02T10:00:00Z');
const lead = (name: string) => ({ name, company_name: 'Acme' });
const names = (items: IDataObject[] | null) => (items ?? []).map((i) => (i.record as IDataObject).name);
const createLead = (name: string) => h.sandbox.createRecord(DEMO.consumerId, 'leads', lead(name));

describe('Record Created', () => {
	beforeEach(async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
	});

	test('activation sets the starting point at the newest lead: the leads already there are never emitted', async () => {
		for (const name of ['Old 1', 'Old 2', 'Old 3']) createLead(name);
		expect(await h.activate()).toBeNull();
		expect(await h.poll()).toBeNull();
		createLead('New');
		expect(names(await h.poll())).toEqual(['New']);
		expect(h.runs).toHaveLength(1);
	});

	test('an empty CRM at activation: the first lead created afterwards is emitted', async () => {
		expect(await h.activate()).toBeNull();
		createLead('First');
		expect(names(await h.poll())).toEqual(['First']);
		expect(await h.poll()).toBeNull();
	});

	test('one item per new lead, oldest first, in the webhook trigger item shape with the full record', async () => {
		createLead('Before');
		await h.activate();
		const a = createLead('Ada');
		const b = createLead('Grace');
		const items = await h.poll();
		expect(names(items)).toEqual(['Ada', 'Grace']);
		expect(items![0]).toEqual({
			event_type: 'crm.lead.created',
			entity_type: 'lead',
			entity_id: a.id,
			consumer_id: DEMO.consumerId,
			service_id: 'hubspot',
			occurred_at: a.created_at,
			execution_attempt: null,
			event_id: `poll:hubspot:lead:${a.id}:${Date.parse(a.created_at)}`,
			entity_url: `${h.sandbox.url}/crm/leads/${a.id}`,
			record: expect.objectContaining({ id: a.id, name: 'Ada', company_name: 'Acme', created_at: a.created_at }),
			record_status: 'found',
		});
		expect(items![1].entity_id).toBe(b.id);
	});

	test('ties across a poll boundary: a lead stamped in the same second as the newest one is emitted once', async () => {
		h.sandbox.setClock({ fixedMs: T0, precision: 'second' });
		createLead('A');
		await h.activate();
		createLead('B (same second as A)');
		expect(names(await h.poll())).toEqual(['B (same second as A)']);
		expect(await h.poll()).toBeNull();
		createLead('C (same second again)');
		h.sandbox.setClock({ fixedMs: T0 + 1000, precision: 'second' });
		createLead('D (a second later)');
		expect(names(await h.poll())).toEqual(['C (same second again)', 'D (a second later)']);
		expect(await h.poll()).toBeNull();
		expect(h.runs.flat()).toHaveLength(3);
	});

	test('ties that fill more than a page: every lead of the second once, also the ones added to it later', async () => {
		h.sandbox.setClock({ fixedMs: T0, precision: 'second' });
		createLead('Before');
		await h.activate();
		h.sandbox.setClock({ fixedMs: T0 + 1000, precision: 'second' });
		for (let i = 0; i < 250; i++) createLead(`Bulk ${i}`);
		expect(names(await h.poll())).toHaveLength(250);
		createLead('Late in the same second 1');
		createLead('Late in the same second 2');
		expect(names(await h.poll())).toEqual(['Late in the same second 1', 'Late in the same second 2']);
		expect(await h.poll()).toBeNull();
		const all = h.runs.flat().map((i) => i.entity_id);
		expect(new Set(all).size).toBe(all.length);
		expect(all).toHaveLength(252);
	});

	test('a lead created between two pages of one poll is emitted by the next poll, and no lead twice', async () => {
		createLead('Before');
		await h.activate();
		for (let i = 0; i < 450; i++) createLead(`Wave ${i}`);
		let inserted: IDataObject | undefined;
		h.sandbox.intercept((req) => {
			if (req.method === 'GET' && req.path === '/crm/leads' && req.query.cursor && !inserted) {
				// the list shifts by one under the reader: page two starts with page one's last lead
				inserted = createLead('Inserted while paging');
			}
			return undefined;
		});
		const first = await h.poll();
		h.sandbox.intercept(null);
		expect(inserted).toBeDefined();
		expect(first).toHaveLength(450);
		expect(new Set(first!.map((i) => i.entity_id)).size).toBe(450);
		expect(names(first)).not.toContain('Inserted while paging');
		expect(names(first).slice(0, 2)).toEqual(['Wave 0', 'Wave 1']);
		expect(names(await h.poll())).toEqual(['Inserted while paging']);
		expect(await h.poll()).toBeNull();
	});

	test('a lead that shows up late, stamped before the newest one seen but within the overlap window, is emitted once', async () => {
		h.sandbox.setClock({ fixedMs: T0, precision: 'second' });
		createLead('A');
		await h.activate();
		h.sandbox.setClock({ fixedMs: T0 + 60_000, precision: 'second' });
		createLead('B');
		expect(names(await h.poll())).toEqual(['B']);
		// the CRM lists a lead now that it stamped 30 s before B (a slow write or an index lag)
		h.sandbox.setClock({ fixedMs: T0 + 30_000, precision: 'second' });
		createLead('Late');
		expect(names(await h.poll())).toEqual(['Late']);
		expect(await h.poll()).toBeNull();
	});

	test('an update does not emit a lead again in Record Created', async () => {
		const a = createLead('A');
		await h.activate();
		const b = createLead('B');
		expect(names(await h.poll())).toEqual(['B']);
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', b.id, { name: 'B renamed' });
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', a.id, { name: 'A renamed' });
		expect(await h.poll()).toBeNull();
	});

	test('a restart of n8n neither replays nor loses leads: the state is saved when a poll emits', async () => {
		createLead('Before');
		await h.activate();
		expect(h.savedState()).toMatchObject({ strategy: 'sort', newest: expect.any(String) });
		for (const name of ['One', 'Two', 'Three']) createLead(name);
		expect(names(await h.poll())).toEqual(['One', 'Two', 'Three']);
		h.restart();
		// n8n runs a poll when it activates the workflow again at start-up
		expect(await h.activate()).toBeNull();
		expect(await h.poll()).toBeNull();
		createLead('Four');
		h.restart();
		expect(names(await h.activate())).toEqual(['Four']);
		expect(await h.poll()).toBeNull();
		expect(h.runs.map(names)).toEqual([['One', 'Two', 'Three'], ['Four']]);
	});

	test('other settings (another event, filter or service) start afresh from the newest record: no backfill', async () => {
		createLead('A');
		await h.activate();
		createLead('B');
		h.node.parameters.event = 'createdOrUpdated';
		expect(await h.poll()).toBeNull();
		createLead('C');
		expect(names(await h.poll())).toEqual(['C']);
	});
});

describe('Record Created or Updated', () => {
	beforeEach(async () => {
		h = await startPollHarness({ parameters: { resource: 'lead', event: 'createdOrUpdated' } });
	});

	test('a lead changed twice between polls is emitted once, with its latest state', async () => {
		const a = createLead('A');
		await h.activate();
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', a.id, { name: 'A v2' });
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', a.id, { name: 'A v3' });
		const items = await h.poll();
		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ event_type: 'crm.lead.updated', entity_id: a.id, record: { name: 'A v3' } });
		expect(items![0].occurred_at).toBe((items![0].record as IDataObject).updated_at);
		expect(await h.poll()).toBeNull();
	});

	test('a new lead is "created" even when it changed before the poll; a later change is "updated"', async () => {
		createLead('Before');
		await h.activate();
		const b = createLead('B');
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', b.id, { name: 'B v2' });
		const first = await h.poll();
		expect(first).toEqual([expect.objectContaining({ event_type: 'crm.lead.created', entity_id: b.id, record: expect.objectContaining({ name: 'B v2' }) })]);
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', b.id, { name: 'B v3' });
		expect(await h.poll()).toEqual([expect.objectContaining({ event_type: 'crm.lead.updated', entity_id: b.id })]);
		expect(await h.poll()).toBeNull();
	});

	test('two changes in the same second as the last one seen: the second change is still emitted', async () => {
		h.sandbox.setClock({ fixedMs: T0, precision: 'second' });
		const a = createLead('A');
		await h.activate();
		h.sandbox.setClock({ fixedMs: T0 + 1000, precision: 'second' });
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', a.id, { name: 'A v2' });
		expect(names(await h.poll())).toEqual(['A v2']);
		h.sandbox.setClock({ fixedMs: T0 + 2000, precision: 'second' });
		h.sandbox.updateRecord(DEMO.consumerId, 'leads', a.id, { name: 'A v3' });
		expect(names(await h.poll())).toEqual(['A v3']);
	});
});

describe('Filters', () => {
	test('only opportunities of the chosen owner start the workflow; the filter goes to Apideck', async () => {
		h = await startPollHarness({
			parameters: {
				resource: 'opportunity',
				event: 'created',
				opportunityFilters: { ownerId: { __rl: true, mode: 'id', value: 'owner-7' } },
			},
		});
		const contact = h.sandbox.createRecord(DEMO.consumerId, 'contacts', { name: 'Jo' });
		const opportunity = (title: string, owner: string) =>
			h.sandbox.createRecord(DEMO.consumerId, 'opportunities', { title, primary_contact_id: contact.id, owner_id: owner });
		await h.activate();
		opportunity('Mine', 'owner-7');
		opportunity('Theirs', 'owner-8');
		const items = await h.poll();
		expect(items!.map((i) => (i.record as IDataObject).title)).toEqual(['Mine']);
		expect(items![0].event_type).toBe('crm.opportunity.created');
		const [request] = h.takeRequests().filter((r) => r.method === 'GET').slice(-1);
		expect(request.query).toMatchObject({ filter: { owner_id: 'owner-7' }, sort: { by: 'created_at', direction: 'desc' }, limit: '200' });
	});
});
