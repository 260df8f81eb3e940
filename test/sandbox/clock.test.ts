/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * The sandbox clock (sb.setClock, POST /_sandbox/clock) and the in-process writes
 * sb.createRecord / sb.updateRecord.
 */
import { DEMO, startSandbox, type Resource, type Sandbox } from '../../sandbox';
import { MILLISECOND_TIMESTAMPS, RESOURCES } from '../../sandbox/schema';
import { loadSpec, PLURAL_RESOURCE_SCHEMAS } from '../helpers/spec';
import { admin, api, receiver } from './helpers';

const MS_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SECOND_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
/** 2026-12-06T19:00:05.987Z */
const T = Date.UTC(2026, 11, 6, 19, 0, 5, 987);


let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
afterEach(() => {
	sb.setClock(null);
	sb.intercept(null);
});

const consumer = (name: string) => `clock-${name}`;

async function createCompany(c: string, name: string): Promise<any> {
	const r = await api(sb, 'POST', '/crm/companies', { consumer: c, body: { name } });
	expect(r.status).toBe(201);
	return (await api(sb, 'GET', `/crm/companies/${r.body.data.id}`, { consumer: c })).body.data;
}

describe('sb.setClock', () => {
	test('by default records get the real time as a millisecond ISO string', async () => {
		const before = Date.now();
		const rec = await createCompany(consumer('real'), 'Real Time Ltd');
		expect(rec.created_at).toMatch(MS_ISO);
		expect(rec.updated_at).toBe(rec.created_at);
		expect(Date.parse(rec.created_at)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(rec.created_at)).toBeLessThanOrEqual(Date.now());
	});

	test('fixedMs freezes the time of every write, so records share one timestamp', async () => {
		sb.setClock({ fixedMs: T });
		const a = await createCompany(consumer('fixed'), 'Frozen A');
		const b = await createCompany(consumer('fixed'), 'Frozen B');
		expect(a.created_at).toBe('2026-12-06T19:00:05.987Z');
		expect(b.created_at).toBe(a.created_at);
		expect(b.updated_at).toBe(a.created_at);
	});

	test("precision 'second' truncates and drops the milliseconds: 2026-12-06T19:00:05Z", async () => {
		sb.setClock({ fixedMs: T, precision: 'second' });
		const a = await createCompany(consumer('second'), 'Seconds A');
		expect(a.created_at).toBe('2026-12-06T19:00:05Z');
		expect(a.updated_at).toBe('2026-12-06T19:00:05Z');
		// different milliseconds of the same second tie
		sb.setClock({ fixedMs: T - 900, precision: 'second' });
		const b = await createCompany(consumer('second'), 'Seconds B');
		expect(b.created_at).toBe(a.created_at);
		// with the real clock too
		sb.setClock({ precision: 'second' });
		const before = Math.floor(Date.now() / 1000) * 1000;
		const c = await createCompany(consumer('second'), 'Seconds C');
		expect(c.created_at).toMatch(SECOND_ISO);
		expect(Date.parse(c.created_at)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(c.created_at)).toBeLessThanOrEqual(Date.now());
	});

	test('PATCH bumps updated_at (and other server-set times) with the clock; created_at stays', async () => {
		const c = consumer('patch');
		sb.setClock({ fixedMs: T, precision: 'second' });
		const contact = await api(sb, 'POST', '/crm/contacts', { consumer: c, body: { name: 'Pat Ch' } });
		const pipeline = sb.records(DEMO.consumerId, 'pipelines')[0];
		const opp = sb.createRecord(c, 'opportunities', { title: 'Deal', primary_contact_id: contact.body.data.id });
		expect(opp.date_stage_changed).toBeNull();

		sb.setClock({ fixedMs: T + 65_000, precision: 'second' });
		expect((await api(sb, 'PATCH', `/crm/contacts/${contact.body.data.id}`, { consumer: c, body: { title: 'CEO' } })).status).toBe(200);
		const after = (await api(sb, 'GET', `/crm/contacts/${contact.body.data.id}`, { consumer: c })).body.data;
		expect(after.created_at).toBe('2026-12-06T19:00:05Z');
		expect(after.updated_at).toBe('2026-12-06T19:01:10Z');

		const moved = await api(sb, 'PATCH', `/crm/opportunities/${opp.id}`, {
			consumer: c,
			body: { pipeline_id: pipeline.id, pipeline_stage_id: pipeline.stages[1].id },
		});
		expect(moved.status).toBe(200);
		expect(sb.records(c, 'opportunities')[0]).toMatchObject({
			created_at: '2026-12-06T19:00:05Z',
			updated_at: '2026-12-06T19:01:10Z',
			date_stage_changed: '2026-12-06T19:01:10Z',
		});
	});

	test('null (and a setting without fixedMs) goes back to the real clock at millisecond precision', async () => {
		sb.setClock({ fixedMs: T, precision: 'second' });
		sb.setClock(null);
		const rec = await createCompany(consumer('reset'), 'Back To Now');
		expect(rec.created_at).toMatch(MS_ISO);
		expect(Math.abs(Date.parse(rec.created_at) - Date.now())).toBeLessThan(5_000);
		sb.setClock({ fixedMs: T });
		sb.setClock({ precision: 'millisecond' }); // each call replaces the whole setting
		expect((await createCompany(consumer('reset'), 'Now Again')).created_at).not.toBe(new Date(T).toISOString());
	});

	test('bad options throw', () => {
		expect(() => sb.setClock({ fixedMs: Number.NaN })).toThrow(/fixedMs/);
		expect(() => sb.setClock({ fixedMs: '2026-01-01' as unknown as number })).toThrow(/fixedMs/);
		expect(() => sb.setClock({ precision: 'minute' as 'second' })).toThrow(/precision/);
		expect(() => sb.setClock({ fixed: 1 } as never)).toThrow(/unknown clock option/);
	});

	test('demo data and seedRecords keep their own deterministic millisecond timestamps', async () => {
		sb.setClock({ fixedMs: T, precision: 'second' });
		const fresh = await startSandbox();
		try {
			fresh.setClock({ fixedMs: T, precision: 'second' });
			const seeded = fresh.seedRecords('clock-seed', 'contacts', 3) as any[];
			const plain = await startSandbox();
			try {
				expect(plain.seedRecords('clock-seed', 'contacts', 3)).toEqual(seeded);
				expect(plain.records(DEMO.consumerId, 'leads')).toEqual(fresh.records(DEMO.consumerId, 'leads'));
			} finally {
				await plain.close();
			}
			for (const r of seeded) expect(r.created_at).toMatch(MS_ISO);
		} finally {
			await fresh.close();
		}
	});

	test("the current API's custom objects are stamped by the clock too", async () => {
		sb.setClock({ fixedMs: T, precision: 'second' });
		const schema = await api(sb, 'POST', '/crm/custom-object-schemas', {
			body: { name: 'clocked', fields: [{ name: 'label', type: 'string' }] },
		});
		expect(schema.status).toBe(201);
		expect(schema.body.data.created_at).toBe('2026-12-06T19:00:05Z');
		const rec = await api(sb, 'POST', `/crm/custom-objects/${schema.body.data.id}`, {
			body: { fields: [{ name: 'label', value: 'x' }] },
		});
		expect(rec.status).toBe(201);
		const stored = sb.current(DEMO.consumerId).objects.get(schema.body.data.id)?.byId.get(rec.body.data.id);
		expect(stored?.created_at).toBe('2026-12-06T19:00:05Z');
	});
});

describe('POST /_sandbox/clock', () => {
	test('sets and resets the clock; answers the setting in data', async () => {
		const set = await admin(sb, 'POST', '/_sandbox/clock', JSON.stringify({ fixedMs: T, precision: 'second' }));
		expect(set.status).toBe(200);
		expect(set.body.data).toEqual({ fixedMs: T, precision: 'second', now: '2026-12-06T19:00:05Z' });
		expect((await admin(sb, 'GET', '/_sandbox/clock')).body.data).toEqual(set.body.data);
		expect((await createCompany(consumer('admin'), 'Admin Clock')).created_at).toBe('2026-12-06T19:00:05Z');

		for (const reset of ['{}', 'null', '']) {
			await admin(sb, 'POST', '/_sandbox/clock', JSON.stringify({ fixedMs: T }));
			const r = await admin(sb, 'POST', '/_sandbox/clock', reset);
			expect(r.status).toBe(200);
			expect(r.body.data).toMatchObject({ fixedMs: null, precision: 'millisecond' });
			expect(r.body.data.now).toMatch(MS_ISO);
		}
		expect((await createCompany(consumer('admin'), 'Admin Reset')).created_at).toMatch(MS_ISO);
	});

	test('bad settings → 400 RequestValidationError, clock unchanged', async () => {
		await admin(sb, 'POST', '/_sandbox/clock', JSON.stringify({ precision: 'second' }));
		for (const bad of ['{"precision":"minute"}', '{"fixedMs":"soon"}', '{"fixed":1}', '[1]', '5', '{oops']) {
			const r = await admin(sb, 'POST', '/_sandbox/clock', bad);
			expect(r.status).toBe(400);
			expect(r.body.type_name).toBe('RequestValidationError');
		}
		expect((await admin(sb, 'GET', '/_sandbox/clock')).body.data).toMatchObject({ fixedMs: null, precision: 'second' });
	});
});

describe('sb.createRecord / sb.updateRecord', () => {
	test('createRecord stores a record as a POST would and returns the stored object', async () => {
		sb.setClock({ fixedMs: T, precision: 'second' });
		const c = consumer('create');
		const viaApi = await api(sb, 'POST', '/crm/opportunities', {
			consumer: c,
			body: { title: 'Twin', primary_contact_id: 'ct_x', monetary_amount: 1000, win_probability: 50 },
		});
		const apiRec = sb.records(c, 'opportunities')[0];
		const rec = sb.createRecord(c, 'opportunities', { title: 'Twin', primary_contact_id: 'ct_x', monetary_amount: 1000, win_probability: 50 });
		expect(rec.id).not.toBe(viaApi.body.data.id);
		expect({ ...rec, id: 'same' }).toEqual({ ...apiRec, id: 'same' });
		expect(rec).toMatchObject({ expected_revenue: 500, created_at: '2026-12-06T19:00:05Z', custom_mappings: {} });
		expect(sb.records(c, 'opportunities')[1]).toBe(rec);
		const got = await api(sb, 'GET', `/crm/opportunities/${rec.id}`, { consumer: c });
		expect(got.body.data).toEqual(rec);

		const pd = sb.createRecord(c, 'leads', { name: 'Pipe Lead', company_name: 'Pipe Co' }, 'pipedrive');
		expect(sb.records(c, 'leads', 'pipedrive').map((r) => r.id)).toEqual([pd.id]);
		expect(sb.records(c, 'leads')).toEqual([]);
	});

	test('createRecord and updateRecord validate like the API and throw', () => {
		const c = consumer('invalid');
		expect(() => sb.createRecord(c, 'leads', { name: 'No Company' })).toThrow(/422 RequestValidationError.*company_name/);
		expect(() => sb.createRecord(c, 'companies', { name: 'X', created_at: '2020-01-01T00:00:00Z' })).toThrow(/400.*created_at/);
		expect(() => sb.createRecord(c, 'companies', { name: 'X' }, 'salesforce')).toThrow(/salesforce/);
		const rec = sb.createRecord(c, 'companies', { name: 'Valid' });
		expect(() => sb.updateRecord(c, 'companies', rec.id, { name: null })).toThrow(/422/);
		expect(() => sb.updateRecord(c, 'companies', 'co_missing', { name: 'Y' })).toThrow(/404 EntityNotFoundError/);
		expect(sb.records(c, 'companies')).toEqual([rec]);
	});

	test('updateRecord merges the patch and bumps updated_at with the clock', () => {
		const c = consumer('update');
		sb.setClock({ fixedMs: T });
		const rec = sb.createRecord(c, 'activities', { type: 'call', duration_seconds: 600 });
		sb.setClock({ fixedMs: T + 3_000, precision: 'second' });
		const same = sb.updateRecord(c, 'activities', rec.id, { title: 'Follow-up', duration_seconds: 1200 });
		expect(same).toBe(rec);
		expect(rec).toMatchObject({
			title: 'Follow-up',
			duration_minutes: 20,
			created_at: '2026-12-06T19:00:05.987Z',
			updated_at: '2026-12-06T19:00:08Z',
		});
	});

	test('no webhook events are sent', async () => {
		const rx = await receiver();
		try {
			const sub = await api(sb, 'POST', '/webhook/webhooks', {
				consumer: null,
				body: { unified_api: 'crm', status: 'enabled', delivery_url: rx.url, events: ['*'] },
			});
			expect(sub.status).toBe(201);
			const rec = sb.createRecord(DEMO.consumerId, 'contacts', { name: 'Silent Create' });
			sb.updateRecord(DEMO.consumerId, 'contacts', rec.id, { title: 'Silent Update' });
			await api(sb, 'POST', '/crm/notes', { body: { title: 'Loud' } });
			await sb.waitForDeliveries();
			const events = rx.received.map((x) => x.headers['x-apideck-event-type']);
			expect(events).toEqual(['apideck.subscription.created', 'crm.note.created']);
			await api(sb, 'DELETE', `/webhook/webhooks/${sub.body.data.id}`, { consumer: null });
		} finally {
			await rx.close();
		}
	});

	test('inside an interceptor, the intercepted list request already sees the new record', async () => {
		const c = consumer('intercepted');
		sb.setClock({ fixedMs: T });
		sb.createRecord(c, 'contacts', { name: 'Before' });
		const path = '/crm/contacts?sort[by]=created_at&sort[direction]=desc';
		// both the unsorted and the sorted view are cached now; a write must drop them
		expect((await api(sb, 'GET', '/crm/contacts', { consumer: c })).body.data).toHaveLength(1);
		expect((await api(sb, 'GET', path, { consumer: c })).body.data).toHaveLength(1);
		let added: any;
		sb.intercept((req) => {
			if (req.method === 'GET' && req.path === '/crm/contacts' && req.seen === 0) {
				sb.setClock({ fixedMs: T + 1_000 });
				added = sb.createRecord(c, 'contacts', { name: 'During' });
			}
			return undefined;
		});
		const r = await api(sb, 'GET', path, { consumer: c });
		expect(r.status).toBe(200);
		expect(r.body.data.map((x: any) => x.name)).toEqual(['During', 'Before']);
		expect(r.body.data[0]).toEqual(added);
		expect((await api(sb, 'GET', '/crm/contacts', { consumer: c })).body.data.map((x: any) => x.name)).toEqual(['Before', 'During']);
		expect(sb.requests.at(-2)).toMatchObject({ path: '/crm/contacts', status: 200 });
		expect(sb.requests.at(-2)?.effectStatus).toBeUndefined();
	});
});

describe('second precision and the contract', () => {
	test('MILLISECOND_TIMESTAMPS lists exactly the resources whose crm.yml timestamps carry a pattern', () => {
		const schemas = (loadSpec('crm.yml') as any).components.schemas as Record<string, any>;
		const names = PLURAL_RESOURCE_SCHEMAS as Record<Resource, string>;
		const pinned = RESOURCES.filter((r) => ['created_at', 'updated_at'].some((k) => schemas[names[r]].properties[k]?.pattern));
		expect(pinned).toEqual([...MILLISECOND_TIMESTAMPS]);
		for (const r of pinned) {
			const pattern = new RegExp(schemas[names[r]].properties.created_at.pattern);
			expect(pattern.test('2026-12-06T19:00:05.000Z')).toBe(true);
			expect(pattern.test('2026-12-06T19:00:05Z')).toBe(false);
		}
	});

	test("leads: whole seconds printed as '.000Z'; the other resources without milliseconds", () => {
		sb.setClock({ fixedMs: T, precision: 'second' });
		const c = consumer('pinned');
		expect(sb.createRecord(c, 'leads', { name: 'L', company_name: 'C' }).created_at).toBe('2026-12-06T19:00:05.000Z');
		expect(sb.createRecord(c, 'contacts', { name: 'C' }).created_at).toBe('2026-12-06T19:00:05Z');
		expect(sb.createRecord(c, 'notes', { title: 'N' }).created_at).toBe('2026-12-06T19:00:05Z');
		sb.setClock({ fixedMs: T });
		expect(sb.createRecord(c, 'leads', { name: 'L2', company_name: 'C' }).created_at).toBe('2026-12-06T19:00:05.987Z');
	});
});
