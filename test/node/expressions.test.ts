// Values that `{{ }}` expressions hand the node as objects, not text: a Luxon DateTime, an object, an
// array. n8n 2.41.1 evaluates expressions in its vm engine (an isolate) and rebuilds these values on the
// way out; the tests run that engine (test/helpers/expression-engine.ts), so what the node receives
// here is what it receives in n8n.
import { Expression, type IDataObject } from 'n8n-workflow';

import { selectedEngine } from '../helpers/expression-engine';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const body = () => crmRequests(ctx).at(-1)?.body as IDataObject;

test('the tests evaluate expressions with the engine n8n 2.41.1 uses (vm unless N8N_EXPRESSION_ENGINE says otherwise)', () => {
	// n8n-workflow 1.x (npm run test:compat) has only the legacy engine and no way to ask
	const active = typeof Expression.getActiveImplementation === 'function' ? Expression.getActiveImplementation() : 'legacy';
	expect(active).toBe(selectedEngine());
});

describe('a Luxon DateTime from an expression', () => {
	test('is sent as the instant it stands for: date-time fields in UTC, date fields as the date where written', async () => {
		const { error } = await run(
			ctx,
			{
				resource: 'activity',
				operation: 'create',
				activityType: 'meeting',
				activityFields: {
					startDatetime: '={{ DateTime.fromISO("2026-03-01T10:00:00", { zone: "America/New_York" }) }}',
					endDatetime: '={{ DateTime.fromISO("2026-03-01T10:00:00", { zone: "America/New_York" }).plus({ minutes: 90 }) }}',
					activityDate: '={{ DateTime.fromISO("2026-03-01T23:30:00", { zone: "Pacific/Auckland" }) }}',
				},
			},
			{ timezone: 'Europe/Berlin' },
		);
		expect(error).toBeUndefined();
		expect(body()).toEqual({
			type: 'meeting',
			start_datetime: '2026-03-01T15:00:00.000Z',
			end_datetime: '2026-03-01T16:30:00.000Z',
			activity_date: '2026-03-01',
		});
	});

	test('$now is sent as the current instant', async () => {
		const before = Date.now();
		const { error } = await run(ctx, { resource: 'activity', operation: 'create', activityType: 'call', activityFields: { startDatetime: '={{ $now }}' } }, { timezone: 'Asia/Tokyo' });
		const after = Date.now();
		expect(error).toBeUndefined();
		const sent = String(body().start_datetime);
		expect(sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		// luxon's toString() keeps milliseconds: the instant is within the run
		expect(Date.parse(sent)).toBeGreaterThanOrEqual(before - 1);
		expect(Date.parse(sent)).toBeLessThanOrEqual(after + 1);
	});

	test('in the Updated Since filter', async () => {
		const { error } = await run(ctx, {
			resource: 'activity',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
			activityFilters: { updatedSince: '={{ DateTime.fromISO("2026-07-01T00:00:00", { zone: "Europe/Berlin" }) }}' },
		});
		expect(error).toBeUndefined();
		expect(crmRequests(ctx)[0].query.filter).toEqual({ updated_since: '2026-06-30T22:00:00.000Z' });
	});

	test("in a custom object's mapped date and date-time fields", async () => {
		const schema = ctx.sandbox.current(DEMO.consumerId).schemas.list.find((s) => s.name === 'project')!;
		const { error } = await run(ctx, {
			resource: 'customObject',
			operation: 'create',
			customObjectObjectId: byId(String(schema.id)),
			customObjectValues: {
				mappingMode: 'defineBelow',
				value: {
					project_name: 'Dated',
					start_date: '={{ DateTime.fromISO("2025-04-01T22:00:00", { zone: "America/Los_Angeles" }) }}',
					kickoff_at: '={{ DateTime.fromISO("2025-04-02T09:30:00", { zone: "Europe/Paris" }) }}',
				},
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
		});
		expect(error).toBeUndefined();
		expect(body().fields).toEqual([
			{ name: 'project_name', value: 'Dated' },
			{ name: 'start_date', value: '2025-04-01' },
			{ name: 'kickoff_at', value: '2025-04-02T07:30:00.000Z' },
		]);
	});
});

describe('an object or an array from an expression', () => {
	test("becomes a JSON custom field's value exactly, from a literal and from the input item", async () => {
		const meta = { tier: 'gold', seats: [1, { extra: 2 }], active: true, note: null };
		const { error } = await run(
			ctx,
			{
				resource: 'company',
				operation: 'create',
				companyName: '={{ $json.name }}',
				companyFields: {
					customFields: {
						values: [
							{ id: 'cf_literal', valueType: 'json', jsonValue: '={{ { tier: "gold", seats: [1, { extra: 2 }], active: true, note: null } }}' },
							{ id: 'cf_item', valueType: 'json', jsonValue: '={{ $json.meta }}' },
							{ id: 'cf_list', valueType: 'json', jsonValue: '={{ $json.meta.seats }}' },
						],
					},
				},
			},
			{ items: [{ name: 'Objects Inc', meta }] },
		);
		expect(error).toBeUndefined();
		expect(body()).toEqual({
			name: 'Objects Inc',
			custom_fields: [
				{ id: 'cf_literal', value: meta },
				{ id: 'cf_item', value: meta },
				{ id: 'cf_list', value: [1, { extra: 2 }] },
			],
		});
	});

	test('an array fills a list field and a multi-select mapped field', async () => {
		await run(ctx, { resource: 'company', operation: 'create', companyName: 'Tagged', companyFields: { tags: '={{ $json.tags }}' } }, { items: [{ tags: ['vip', ' partner ', ''] }] });
		expect(body()).toEqual({ name: 'Tagged', tags: ['vip', 'partner'] });

		const schema = ctx.sandbox.current(DEMO.consumerId).schemas.list.find((s) => s.name === 'project')!;
		const { error } = await run(ctx, {
			resource: 'customObject',
			operation: 'create',
			customObjectObjectId: byId(String(schema.id)),
			customObjectValues: {
				mappingMode: 'defineBelow',
				value: { project_name: 'Multi', channels: '={{ ["email", "chat"] }}' },
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
		});
		expect(error).toBeUndefined();
		expect(body().fields).toEqual([
			{ name: 'project_name', value: 'Multi' },
			{ name: 'channels', value: 'email;chat' },
		]);
	});

	test('an object where text is expected is refused before any request, naming the field', async () => {
		const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'X', companyFields: { industry: '={{ { sector: "retail" } }}' } });
		expect(error?.message).toBe('Additional Fields → Industry: expected text, got an object');
		expect(error?.description).toMatch(/JSON\.stringify/);
		expect(crmRequests(ctx)).toEqual([]);
	});

	test('a number as a record ID is one path segment', async () => {
		const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('={{ 40 + 2 }}') });
		expect(error?.httpCode).toBe('404');
		expect(crmRequests(ctx).map((r) => r.path)).toEqual(['/crm/companies/42']);
	});
});
