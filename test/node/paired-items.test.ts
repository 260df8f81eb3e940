/* eslint-disable @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Which input item each output item comes from (pairedItem), for runs of several items: on the
// output, and for failed items with "On Error" set to continue, on the regular output (Continue, the
// legacy continueOnFail) and on the error output (Continue (using error output)). Without the pairing,
// expressions after the error output (e.g. $('Start').item) cannot find the item that failed.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const companies = () => ctx.sandbox.records(DEMO.consumerId, 'companies') as IDataObject[];
const pairs = (items: INodeExecutionData[]) => items.map((i) => i.pairedItem);

describe('every output item names the input item it comes from', () => {
	test('Get: one record per item', async () => {
		const [a, b] = companies();
		const { raw, error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}') }, { items: [{ id: b.id }, { id: a.id }] });
		expect(error).toBeUndefined();
		expect(raw.map((i) => i.json.id)).toEqual([b.id, a.id]);
		expect(pairs(raw)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('Get Many: every record of every page of an item', async () => {
		const { raw, error } = await run(
			ctx,
			{ resource: 'company', operation: 'getAll', returnAll: false, limit: '={{ $json.limit }}' },
			{ items: [{ limit: 1 }, { limit: 3 }] },
		);
		expect(error).toBeUndefined();
		expect(raw).toHaveLength(4);
		expect(pairs(raw)).toEqual([{ item: 0 }, { item: 1 }, { item: 1 }, { item: 1 }]);
	});

	test('Create, Update and Delete', async () => {
		const created = await run(ctx, { resource: 'company', operation: 'create', companyName: '={{ $json.name }}' }, { items: [{ name: 'Paired A' }, { name: 'Paired B' }] });
		expect(created.error).toBeUndefined();
		expect(pairs(created.raw)).toEqual([{ item: 0 }, { item: 1 }]);
		const byName = new Map(companies().map((c) => [c.name, c.id]));
		expect(created.raw.map((i) => i.json.id)).toEqual([byName.get('Paired A'), byName.get('Paired B')]);

		const ids = created.raw.map((i) => ({ id: i.json.id }));
		const updated = await run(ctx, { resource: 'company', operation: 'update', companyId: byId('={{ $json.id }}'), companyFields: { industry: 'Pairs' } }, { items: ids });
		expect(pairs(updated.raw)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(updated.raw.map((i) => i.json.id)).toEqual(ids.map((i) => i.id));

		const deleted = await run(ctx, { resource: 'company', operation: 'delete', companyId: byId('={{ $json.id }}') }, { items: [...ids].reverse() });
		expect(deleted.raw.map((i) => i.json)).toEqual([...ids].reverse().map((i) => ({ id: i.id, deleted: true })));
		expect(pairs(deleted.raw)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

// n8n 1.x's error output takes only { error } / { error, message } items (test:compat runs this file on 1.x)
const errorOutputTakesDetails = Number(require('n8n-core/package.json').version.split('.')[0]) >= 2;
const onErrorOutput = errorOutputTakesDetails ? test : test.skip;

describe('failed items, with On Error set to continue', () => {
	// item 0 works, item 1 is not found (404), item 2 has no ID (refused before any request), item 3 works
	const input = () => {
		const [a, b] = companies();
		return [{ id: a.id, tag: 'first' }, { id: 'no-such-company', tag: 'missing' }, { id: ' ', tag: 'empty' }, { id: b.id, tag: 'last' }];
	};
	const get = { resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}') };
	const errorOf = (i: INodeExecutionData) => i.json.error as string | undefined;
	const detailsOf = (i: INodeExecutionData) => i.json.details as IDataObject;

	test('Continue (regular output): every item in order, the failed ones with their error', async () => {
		const items = input();
		const { raw, error } = await run(ctx, get, { items, onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(pairs(raw)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(raw.map(errorOf)).toEqual([undefined, expect.stringMatching(/^EntityNotFoundError: /), 'Company ID: is empty', undefined]);
		expect(detailsOf(raw[2]).description).toMatch(/Pick a company from the list or enter its ID/);
		expect(raw[0].json.id).toBe(items[0].id);
		expect(raw[3].json.id).toBe(items[3].id);
	});

	test('the legacy Continue On Fail flag behaves the same', async () => {
		const { raw } = await run(ctx, get, { items: input(), continueOnFail: true });
		expect(pairs(raw)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(raw.map((i) => Boolean(errorOf(i)))).toEqual([false, true, true, false]);
	});

	onErrorOutput('Continue (using error output): records on the output, failures on the error output, each paired with its item', async () => {
		const items = input();
		const { raw, errorOutput, error } = await run(ctx, get, { items, onError: 'continueErrorOutput' });
		expect(error).toBeUndefined();
		expect(raw.map((i) => i.json.id)).toEqual([items[0].id, items[3].id]);
		expect(pairs(raw)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(pairs(errorOutput)).toEqual([{ item: 1 }, { item: 2 }]);
		// n8n puts the input item's fields beside the error
		expect(errorOutput.map((i) => [i.json.tag, errorOf(i)])).toEqual([
			['missing', expect.stringMatching(/^EntityNotFoundError: /)],
			['empty', 'Company ID: is empty'],
		]);
		expect(detailsOf(errorOutput[0]).httpCode).toBe('404');
		expect(detailsOf(errorOutput[1]).description).toMatch(/Pick a company from the list or enter its ID/);
		// the item without an ID sent nothing
		expect(crmRequests(ctx).map((r) => r.path)).toEqual([`/crm/companies/${items[0].id}`, '/crm/companies/no-such-company', `/crm/companies/${items[3].id}`]);
	});

	onErrorOutput("Get Many with a failing item: its error paired with it, the other items' records with theirs", async () => {
		const { raw, errorOutput } = await run(
			ctx,
			{ resource: 'company', operation: 'getAll', returnAll: false, limit: '={{ $json.limit }}' },
			{ items: [{ limit: 2 }, { limit: 500 }, { limit: 1 }], onError: 'continueErrorOutput' },
		);
		expect(pairs(raw)).toEqual([{ item: 0 }, { item: 0 }, { item: 2 }]);
		expect(pairs(errorOutput)).toEqual([{ item: 1 }]);
		expect(errorOf(errorOutput[0])).toBe('Limit: 500 is out of range');
		expect(errorOutput[0].json.limit).toBe(500);
	});

	onErrorOutput("a 422's detail reaches the error output item and its description", async () => {
		const detail = { missing: ['name'], hint: 'name is required by the connector' };
		ctx.sandbox.intercept(({ method }) =>
			method === 'PATCH'
				? { kind: 'respond', status: 422, body: { status_code: 422, error: 'Unprocessable Entity', type_name: 'InvalidRequestError', message: 'Validation failed', detail } }
				: undefined,
		);
		const [a, b] = companies();
		const { raw, errorOutput } = await run(
			ctx,
			{ resource: 'company', operation: 'update', companyId: byId('={{ $json.id }}'), companyFields: { name: 'Kept', industry: '={{ $json.industry }}' } },
			{ items: [{ id: a.id, industry: 'x' }, { id: b.id, industry: 'y' }], onError: 'continueErrorOutput' },
		);
		expect(raw).toEqual([]);
		expect(pairs(errorOutput)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of errorOutput) {
			expect(errorOf(item)).toBe('InvalidRequestError: Validation failed');
			expect(detailsOf(item)).toMatchObject({ httpCode: '422', type: 'InvalidRequestError', detail, description: JSON.stringify(detail) });
		}
	});
});
