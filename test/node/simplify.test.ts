/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Simplify on Get and Get Many (on by default): the fields each resource lists, primary email, phone
// and website flattened; off, with Fields or with Include Full Response, the record as Apideck sends it.
// Fields left blank (only spaces) keeps Simplify.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const COLLECTION: Record<string, string> = {
	activity: 'activities',
	company: 'companies',
	contact: 'contacts',
	lead: 'leads',
	note: 'notes',
	opportunity: 'opportunities',
	pipeline: 'pipelines',
	user: 'users',
};

/** What the user should see for one field: the primary (else first) entry of a list, or the field. */
function expected(record: IDataObject, name: string): unknown {
	const lists: Record<string, [string, string]> = { email: ['emails', 'email'], phone: ['phone_numbers', 'number'], website: ['websites', 'url'] };
	if (lists[name]) {
		const [list, key] = lists[name];
		const entries = ((record[list] as IDataObject[]) ?? []).filter((e) => e[key]);
		return (entries.find((e) => e.type === 'primary') ?? entries[0])?.[key] ?? null;
	}
	return record[name] ?? null;
}

const simplified = RESOURCES.filter((r) => r.simplify);

test('every resource with more than ten fields has Simplify, with about ten fields', () => {
	expect(simplified.map((r) => r.value)).toEqual(['activity', 'company', 'contact', 'lead', 'note', 'opportunity', 'user']);
	for (const r of simplified) {
		expect(r.simplify!.length).toBeGreaterThanOrEqual(10);
		expect(r.simplify!.length).toBeLessThanOrEqual(13);
		expect(r.simplify![0]).toBe('id');
	}
	const simplify = new ApideckCrm().description.properties.filter((p) => p.name === 'simplify');
	expect(simplify).toHaveLength(1);
	expect(simplify[0]).toMatchObject({ type: 'boolean', default: true, displayOptions: { show: { operation: ['get', 'getAll'], resource: simplified.map((r) => r.value) } } });
});

describe.each(simplified.map((r) => [r.value, r] as const))('%s', (_name, def) => {
	const records = () => ctx.sandbox.records(DEMO.consumerId, COLLECTION[def.value] as any) as IDataObject[];

	test('Get Many returns the listed fields only, in order, flattened, null where the record has none', async () => {
		const { items, error } = await run(ctx, { resource: def.value, operation: 'getAll', returnAll: false, limit: 20 });
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		const byId = new Map(records().map((r) => [r.id, r]));
		for (const item of items) {
			expect(Object.keys(item)).toEqual([...def.simplify!]);
			const record = byId.get(item.id as string)!;
			for (const name of def.simplify!) expect([name, item[name]]).toEqual([name, expected(record, name)]);
		}
	});

	test('Get is simplified the same way; Simplify off returns the whole record', async () => {
		const record = records()[0];
		const idParam = `${def.value}Id`;
		const simple = await run(ctx, { resource: def.value, operation: 'get', [idParam]: byId(record.id as string) });
		const full = await run(ctx, { resource: def.value, operation: 'get', [idParam]: byId(record.id as string), simplify: false });
		expect(simple.items[0]).toEqual(Object.fromEntries(def.simplify!.map((n) => [n, expected(record, n)])));
		expect(full.items[0]).toEqual(JSON.parse(JSON.stringify(record)));
		// the same request either way: Simplify happens in the node
		const [a, b] = crmRequests(ctx);
		expect(a.query).toEqual(b.query);
	});
});

test('the flattened email is the primary one, not merely the first', async () => {
	const { items } = await run(ctx, {
		resource: 'contact',
		operation: 'create',
		contactName: 'Two Mails',
		contactFields: { emails: { values: [{ email: 'work@example.com', type: 'work' }, { email: 'main@example.com', type: 'primary' }] }, phoneNumbers: { values: [{ number: '+32 2 555 0100', type: 'mobile' }] } },
	});
	const got = await run(ctx, { resource: 'contact', operation: 'get', contactId: byId(items[0].id as string) });
	expect(got.items[0]).toMatchObject({ email: 'main@example.com', phone: '+32 2 555 0100', name: 'Two Mails', title: null });
});

test('with Options → Fields, or Include Full Response, records are not simplified', async () => {
	const projected = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: false, limit: 3, options: { fields: 'id,emails' } });
	for (const item of projected.items) expect(Object.keys(item).sort()).toEqual(expect.arrayContaining(['id']));
	expect(projected.items.some((i) => Array.isArray(i.emails))).toBe(true);
	for (const item of projected.items) expect(item).not.toHaveProperty('email');

	const envelope = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: false, limit: 3, options: { fullResponse: true } });
	expect((envelope.items[0].data as IDataObject[])[0]).toHaveProperty('emails');
});

test('pipelines (ten fields) have no Simplify and come back whole', async () => {
	const { items } = await run(ctx, { resource: 'pipeline', operation: 'getAll', returnAll: false, limit: 2 });
	expect(items[0]).toHaveProperty('stages');
	expect(items[0]).toHaveProperty('win_probability_enabled');
});

test('a 50-contact Get Many: simplified items are under half the size of the full ones (sandbox data; see tool.test.ts for the AI answer)', async () => {
	const simple = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: false, limit: 50 });
	const full = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: false, limit: 50, simplify: false });
	expect(simple.items).toHaveLength(50);
	expect(full.items.map((i) => i.id)).toEqual(simple.items.map((i) => i.id));
	const size = (items: IDataObject[]) => Buffer.byteLength(JSON.stringify(items));
	expect(size(simple.items) / size(full.items)).toBeLessThan(0.5);
});

test('the README lists each resource\'s simplified fields as its definition does', () => {
	const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('### Simplify'), readme.indexOf('### Create or Update'));
	for (const def of simplified) {
		const row = section.split('\n').find((l) => l.startsWith(`| ${def.singular} |`));
		expect([def.value, row?.split('|')[2].trim()]).toEqual([def.value, def.simplify!.join(', ')]);
	}
});

const freshCompany = (): IDataObject => ctx.sandbox.seedRecords(DEMO.consumerId, 'companies', 1)[0] as IDataObject;

test('Get with Fields left blank (spaces) is still simplified', async () => {
	const company = freshCompany();
	const simplify = RESOURCES.find((r) => r.value === 'company')!.simplify!;
	const { items, error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId(String(company.id)), options: { fields: '   ' } });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	expect(Object.keys(items[0])).toEqual([...simplify]);
	expect(items[0].id).toBe(company.id);
});
