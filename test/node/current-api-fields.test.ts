/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What Apideck's current CRM API (crm-10.34.0.yml) adds to the eight 10.3.6 resources, through n8n-core's
// engine against the sandbox: each added field and filter is sent only when set (a workflow that does not
// use them sends what 10.3.6 allows), arrives in the sandbox and is stored or applied there; the
// pass-through body goes out as given on Create and Update; bad input fails before any request.
import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { COMPOSITES, paramName, type FieldDef } from '../../nodes/shared/definitions/fields';
import { parameterNames, type FilterDef, type ResourceDefinition } from '../../nodes/shared/definitions/resource';
import type { Resource } from '../../sandbox/schema';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';
import { everyFieldParameters } from '../helpers/samples';

const ctx = useSandbox();

const EIGHT = RESOURCES.filter((r) => !r.currentApi);
const collectionOf = (def: ResourceDefinition) => def.path.split('/').pop() as Resource;
const records = (def: ResourceDefinition) => ctx.sandbox.records(DEMO.consumerId, collectionOf(def));

/** Where in a body the current API's fields are: `pass_through`, `addresses[0].line5`, … */
function currentApiPaths(fields: readonly FieldDef[], value: IDataObject, at = ''): string[] {
	const out: string[] = [];
	for (const f of fields) {
		if (!(f.api in value)) continue;
		if (f.currentApi) out.push(`${at}${f.api}`);
		const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
		if (!composite) continue;
		const entries = Array.isArray(value[f.api]) ? (value[f.api] as IDataObject[]) : [value[f.api] as IDataObject];
		entries.forEach((entry, i) => out.push(...currentApiPaths(composite.fields, entry, `${at}${f.api}${composite.multiple ? `[${i}]` : ''}.`)));
	}
	return out;
}

/** Every current-API field of a resource, nested ones included, as paths of a body filled by the samples. */
function allCurrentApiPaths(def: ResourceDefinition): string[] {
	const out: string[] = [];
	const walk = (fields: readonly FieldDef[], at: string) => {
		for (const f of fields) {
			if (f.currentApi) {
				out.push(`${at}${f.api}`);
				continue;
			}
			const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
			if (composite) walk(composite.fields, `${at}${f.api}${composite.multiple ? '[0]' : ''}.`);
		}
	};
	walk(def.fields, '');
	return out.sort();
}

/** A value of the record at a body path (`addresses[0].line5`). */
function at(record: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, part) => {
		const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
		const inner = (value as IDataObject)?.[m[1]];
		return m[2] === undefined ? inner : (inner as unknown[])?.[Number(m[2])];
	}, record);
}

test('the eight resources have current-API fields and filters to test', () => {
	expect(EIGHT.map((d) => [d.value, allCurrentApiPaths(d)])).toEqual([
		['activity', ['location_address.line5', 'pass_through']],
		['company', ['addresses[0].line5', 'bank_accounts[0].country', 'pass_through']],
		['contact', ['addresses[0].line5', 'opportunity_ids', 'pass_through']],
		['lead', ['addresses[0].line5', 'contact_id', 'owner_name', 'pass_through']],
		['note', ['activity_id', 'pass_through']],
		['opportunity', ['pass_through']],
		['pipeline', ['pass_through']],
		['user', ['addresses[0].line5', 'name', 'pass_through']],
	]);
	expect(EIGHT.map((d) => [d.value, d.filters.filter((f) => f.currentApi).map((f) => f.api)])).toEqual([
		['activity', ['type']],
		['company', ['updated_since', 'created_since']],
		['contact', ['owner_id', 'updated_since', 'created_since']],
		['lead', ['phone_number']],
		['note', ['title', 'owner_id', 'updated_since', 'created_since']],
		['opportunity', []],
		['pipeline', []],
		['user', ['email', 'name']],
	]);
});

describe.each(EIGHT.map((d) => [d.value, d] as const))('%s', (_name, def) => {
	const names = parameterNames(def);
	// a pipeline's chosen ID can be used once
	const leaveOut = def.value === 'pipeline' ? ['id'] : [];

	test('Create and Update with every 10.3.6 field and none of the current API: none is sent', async () => {
		const created = await run(ctx, everyFieldParameters(def, 'create', leaveOut) as any);
		expect(created.error).toBeUndefined();
		const id = String(created.items[0].id);
		const updated = await run(ctx, { ...everyFieldParameters(def, 'update', leaveOut), [names.id]: byId(id) } as any);
		expect(updated.error).toBeUndefined();
		const writes = crmRequests(ctx).filter((r) => r.method !== 'GET');
		expect(writes.map((r) => r.method)).toEqual(['POST', 'PATCH']);
		for (const request of writes) expect(currentApiPaths(def.fields, request.body)).toEqual([]);
	});

	test('Create and Update with them: each is sent, the sandbox takes it and stores it (pass_through write-only)', async () => {
		const expected = allCurrentApiPaths(def);
		const created = await run(ctx, everyFieldParameters(def, 'create', leaveOut, { currentApi: true }) as any);
		expect(created.error).toBeUndefined();
		const id = String(created.items[0].id);
		const [post] = crmRequests(ctx);
		expect(currentApiPaths(def.fields, post.body).sort()).toEqual(expected);
		const stored = records(def).find((r) => r.id === id);
		for (const path of expected.filter((p) => p !== 'pass_through')) expect([path, at(stored, path)]).toEqual([path, at(post.body, path)]);

		ctx.sandbox.resetRequests();
		const updated = await run(ctx, { ...everyFieldParameters(def, 'update', leaveOut, { currentApi: true }), [names.id]: byId(id) } as any);
		expect(updated.error).toBeUndefined();
		const [patch] = crmRequests(ctx);
		expect(patch.method).toBe('PATCH');
		expect(currentApiPaths(def.fields, patch.body).sort()).toEqual(expected);

		// Apideck applies a pass-through body to the request it sends the CRM: it is never returned
		const got = await run(ctx, { resource: def.value, operation: 'get', [names.id]: byId(id), simplify: false });
		expect(got.items[0]).not.toHaveProperty('pass_through');
		expect(got.items[0].id).toBe(id);
	});

	const current = def.filters.filter((f) => f.currentApi);
	if (current.length) {
		test('Get Many without its current-API filters sends none of them', async () => {
			const reference = Object.fromEntries(def.filters.filter((f) => !f.currentApi && f.kind === 'string').map((f) => [paramName(f.api), '']));
			const { error } = await run(ctx, { resource: def.value, operation: 'getAll', returnAll: true, [names.filters]: reference });
			expect(error).toBeUndefined();
			const query = JSON.stringify(crmRequests(ctx)[0].query);
			for (const f of current) expect(query).not.toContain(`"${f.api}"`);
		});

		test.each(current.map((f) => [f.api, f] as const))('Get Many with %s: sent alone and applied by the sandbox', async (_api, filter) => {
			const all = records(def);
			const { value, expected } = probe(filter, all);
			const { items, error } = await run(ctx, { resource: def.value, operation: 'getAll', returnAll: true, [names.filters]: { [paramName(filter.api)]: value } } as any);
			expect(error).toBeUndefined();
			const [request] = crmRequests(ctx);
			expect(Object.keys(request.query.filter)).toEqual([filter.api]);
			expect(items.map((i) => i.id)).toEqual(expected.map((r) => r.id));
			expect(items.length).toBeGreaterThan(0);
			expect(items.length).toBeLessThan(all.length);
		});
	}
});

/** A filter value taken from the demo data, and the records the filter should keep. */
function probe(filter: FilterDef, all: IDataObject[]): { value: unknown; expected: IDataObject[] } {
	const text = (v: unknown) => String(v ?? '').toLowerCase();
	switch (filter.api) {
		case 'created_since':
		case 'updated_since': {
			const key = filter.api === 'created_since' ? 'created_at' : 'updated_at';
			const times = all.map((r) => String(r[key])).sort();
			const middle = times[Math.floor(times.length / 2)];
			return { value: middle, expected: all.filter((r) => Date.parse(String(r[key])) >= Date.parse(middle)) };
		}
		case 'owner_id': {
			const owner = String(all.find((r) => r.owner_id)!.owner_id);
			return { value: byId(owner), expected: all.filter((r) => r.owner_id === owner) };
		}
		case 'type':
			return { value: all[0].type, expected: all.filter((r) => r.type === all[0].type) };
		case 'title': {
			const word = String(all[0].title).split(' ')[0];
			return { value: word, expected: all.filter((r) => text(r.title).includes(word.toLowerCase())) };
		}
		case 'phone_number': {
			const digits = (v: unknown) => String(v ?? '').replace(/\D/g, '');
			const number = String((all[0].phone_numbers as IDataObject[])[0].number);
			return { value: number, expected: all.filter((r) => ((r.phone_numbers ?? []) as IDataObject[]).some((p) => digits(p.number).includes(digits(number)))) };
		}
		case 'email': {
			const email = String((all[1].emails as IDataObject[])[0].email);
			return { value: email, expected: all.filter((r) => ((r.emails ?? []) as IDataObject[]).some((e) => text(e.email) === email.toLowerCase())) };
		}
		case 'name': {
			const full = (r: IDataObject) => text(r.name ?? `${String(r.first_name)} ${String(r.last_name)}`);
			return { value: full(all[1]), expected: all.filter((r) => full(r).includes(full(all[1]))) };
		}
		default:
			throw new Error(`no probe for filter ${filter.api}`);
	}
}

describe('the pass-through body', () => {
	const given = {
		values: [
			{ serviceId: 'hubspot', operationId: 'contactsAdd', extendObject: '{"hs_lead_status": "NEW", "nested": {"a": [1, 2]}}', extendPaths: { values: [{ path: '$.properties.note', value: '{"text": "hi"}' }, { path: '$.flag', value: 'true' }] } },
			// n8n gives an entry's Extend Object its default, {}, unless it is cleared
			{ serviceId: 'pipedrive', extendObject: '' },
		],
	};
	const sent = [
		{ service_id: 'hubspot', operation_id: 'contactsAdd', extend_object: { hs_lead_status: 'NEW', nested: { a: [1, 2] } }, extend_paths: [{ path: '$.properties.note', value: { text: 'hi' } }, { path: '$.flag', value: true }] },
		{ service_id: 'pipedrive' },
	];

	test('Create and Update send it as given', async () => {
		const created = await run(ctx, { resource: 'contact', operation: 'create', contactName: 'Pass Through', contactFields: { passThrough: given } });
		expect(created.error).toBeUndefined();
		const [post] = crmRequests(ctx);
		expect(post.body).toEqual({ name: 'Pass Through', pass_through: sent });

		ctx.sandbox.resetRequests();
		const lead = records(EIGHT.find((d) => d.value === 'lead')!)[0];
		const updated = await run(ctx, { resource: 'lead', operation: 'update', leadId: byId(String(lead.id)), leadFields: { name: 'Lead Name', companyName: 'Lead Co', passThrough: given } });
		expect(updated.error).toBeUndefined();
		expect(crmRequests(ctx).map((r) => [r.method, r.body])).toEqual([['PATCH', { name: 'Lead Name', company_name: 'Lead Co', pass_through: sent }]]);
	});

	test('an Update with only a pass-through body reads the fields 10.3.6 requires and sends them with it', async () => {
		const contact = records(EIGHT.find((d) => d.value === 'contact')!)[3];
		const { error } = await run(ctx, { resource: 'contact', operation: 'update', contactId: byId(String(contact.id)), contactFields: { passThrough: { values: [{ serviceId: 'hubspot', extendObject: '' }] } } });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx).map((r) => [r.method, r.body])).toEqual([
			['GET', null],
			['PATCH', { name: contact.name, pass_through: [{ service_id: 'hubspot' }] }],
		]);
	});
});

describe('bad input: a clear error naming the field, and no request', () => {
	async function expectInputError(parameters: IDataObject, field: RegExp) {
		const { error, items } = await run(ctx, parameters as any);
		expect(items).toEqual([]);
		expect(error?.message).toMatch(field);
		expect(error.description).toBeTruthy();
		expect(crmRequests(ctx)).toHaveLength(0);
		return error;
	}

	test('a created_since or updated_since that is not a date', async () => {
		await expectInputError({ resource: 'company', operation: 'getAll', returnAll: true, companyFilters: { createdSince: 'last spring' } }, /^Filters → Created Since: "last spring" is not a date/);
		await expectInputError({ resource: 'note', operation: 'getAll', returnAll: true, noteFilters: { updatedSince: '={{ "2026-13-45" }}' } }, /^Filters → Updated Since: "2026-13-45" is not a date/);
	});

	test('an activity type outside the documented list, from an expression', async () => {
		const error = await expectInputError({ resource: 'activity', operation: 'getAll', returnAll: true, activityFilters: { type: '={{ "party" }}' } }, /^Filters → Type: unknown value "party"/);
		expect(error.description).toMatch(/call, meeting, email/);
	});

	test('a pass-through entry without its service, with invalid JSON, or a path without a value', async () => {
		const create = (passThrough: IDataObject) => ({ resource: 'company', operation: 'create', companyName: 'Acme', companyFields: { passThrough } });
		await expectInputError(create({ values: [{ operationId: 'x' }] }), /^Additional Fields → Pass-Through Body #1 → Service ID: is required/);
		await expectInputError(create({ values: [{ serviceId: 'hubspot', extendObject: '{nope' }] }), /^Additional Fields → Pass-Through Body #1 → Extend Object: invalid JSON/);
		await expectInputError(
			create({ values: [{ serviceId: 'hubspot' }, { serviceId: 'hubspot', extendPaths: { values: [{ path: '$.a', value: '' }] } }] }),
			/^Additional Fields → Pass-Through Body #2 → Extend Paths #1 → Value \(JSON\): is required/,
		);
	});

	test('a user name that is an object, and a bank account country given by an expression as a list', async () => {
		await expectInputError({ resource: 'user', operation: 'update', userId: byId('us_1'), userFields: { name: '={{ { first: "A" } }}' } }, /^Update Fields → Name: expected text, got an object/);
		await expectInputError(
			{ resource: 'company', operation: 'create', companyName: 'Acme', companyFields: { bankAccounts: { values: [{ country: '={{ ["US"] }}' }] } } },
			/^Additional Fields → Bank Accounts #1 → Country: expected text, got an object/,
		);
	});
});
