// What a user sees of Get Many's Filters and Sort, of Options → Pass-Through Query Parameters, and of
// the operation menu: a blank filter, an empty Sort By or Direction sends nothing for it; a number
// filter that is not a number, a date filter that is not a date, an unknown Sort By or Direction and a
// pass-through parameter without a key fail before any request, naming the field and saying how to fix
// it; Company and Contact offer Create or Update.
// Written against mutants StrykerJS found surviving in shared/operations.ts (see CONTRIBUTING.md,
// "Mutation testing").
//
// Most tests run workflows through n8n-core's engine against the sandbox. A pass-through key or a
// filter value that is undefined or null (an expression that gives nothing) is given to the preSend
// steps of the node's own routing directly, with a context that only hands out the parameters.
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { company } from '../../nodes/shared/resources/company';
import { contact } from '../../nodes/shared/resources/contact';
import { opportunity } from '../../nodes/shared/resources/opportunity';
import type { ResourceDefinition } from '../../nodes/shared/definitions/resource';
import { prepareRequest } from '../../nodes/ApideckCrm/executor/prepare';
import { crmRequests, nodeType, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const PASS_THROUGH_FIX = 'Enter the name of the parameter the CRM expects, or remove the entry.';

/** The error of a run that must fail on bad input: no items, no HTTP status, no request sent. */
async function inputErrorOf(parameters: INode['parameters']) {
	const { error, items } = await run(ctx, parameters);
	expect(items).toEqual([]);
	expect(error).toBeDefined();
	expect(error.httpCode ?? 'none').toBe('none');
	expect(crmRequests(ctx)).toHaveLength(0);
	return error;
}

/** The query string of the one request a successful run sent, and the items the run returned. */
async function sent(parameters: INode['parameters']) {
	const { error, items } = await run(ctx, parameters);
	expect(error).toBeUndefined();
	const requests = crmRequests(ctx);
	expect(requests).toHaveLength(1);
	return { query: requests[0].query as IDataObject, items };
}

/** The query string of the one request a successful run sent. */
const querySent = async (parameters: INode['parameters']) => (await sent(parameters)).query;

/**
 * A resource's operation selector in the node's description. (Read from the description the node built
 * when it loaded, not rebuilt here: code that only runs while the module loads stays out of Stryker's
 * per-test coverage, see CONTRIBUTING.md.)
 */
const operationSelector = (def: ResourceDefinition) =>
	nodeType.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(def.value))!;

/** The preSend steps n8n runs for one operation of a resource, from the node's routing. */
function preSendOf(def: ResourceDefinition, operation: string) {
	const selector = operationSelector(def);
	const option = (selector.options as INodePropertyOptions[]).find((o) => o.value === operation);
	return option!.routing!.send!.preSend! as Array<(this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>>;
}

/** Runs an operation's preSend steps with the given parameters, as n8n and the executor would for the first item. */
async function requestBuilt(def: ResourceDefinition, operation: string, parameters: IDataObject): Promise<IHttpRequestOptions> {
	const node = { id: 'n1', name: 'Apideck CRM', type: 'apideckCrm', typeVersion: 1, position: [0, 0], parameters } as INode;
	const context = {
		getNode: () => node,
		getItemIndex: () => 0,
		getTimezone: () => 'UTC',
		continueOnFail: () => false,
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IExecuteSingleFunctions;
	let request: IHttpRequestOptions = { url: def.path, method: 'GET' };
	for (const step of preSendOf(def, operation)) request = await step.call(context, request);
	// the node's steps run when the executor admits the item (prepare.ts)
	request = await prepareRequest(context, request);
	return request;
}

describe('Get Many: a blank filter sends nothing for it', () => {
	test('a filter left empty or only spaces: no filter[...] in the request, the records come back', async () => {
		for (const name of ['', '   ']) {
			ctx.sandbox.resetRequests();
			const { query, items } = await sent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companyFilters: { name } });
			expect(query.filter).toBeUndefined();
			expect(items).toHaveLength(3);
		}
	});

	test('a filter whose expression gives null or nothing: no filter[...] in the request', async () => {
		for (const name of [null, undefined]) {
			const request = await requestBuilt(company, 'getAll', { returnAll: false, limit: 3, companyFilters: { name } });
			// (the page size is the executor's: preSend builds only the filters and sort)
			expect(request.qs).toEqual({});
		}
	});
});

describe('Get Many: a number filter', () => {
	test('a number typed as text is sent as that number', async () => {
		const query = await querySent({ resource: 'opportunity', operation: 'getAll', returnAll: true, opportunityFilters: { monetaryAmount: '={{ " 5e3 " }}' } });
		expect(query.filter).toEqual({ monetary_amount: '5000' });
	});

	test('a number is sent as it is', async () => {
		const request = await requestBuilt(opportunity, 'getAll', { returnAll: true, opportunityFilters: { winProbability: 40 } });
		expect(request.qs).toEqual({ 'filter[win_probability]': 40 });
	});

	test('text that is not a number: the error names the filter and asks for a number, nothing is sent', async () => {
		const error = await inputErrorOf({ resource: 'opportunity', operation: 'getAll', returnAll: true, opportunityFilters: { monetaryAmount: '={{ "lots" }}' } });
		expect(error.message).toBe('Filters → Monetary Amount: is not a number');
		expect(error.description).toBe('Enter a number.');
	});
});

describe('Get Many: a date filter', () => {
	test('a date and time is sent in UTC', async () => {
		const query = await querySent({ resource: 'activity', operation: 'getAll', returnAll: true, activityFilters: { updatedSince: '2020-01-02T03:04:05+02:00' } });
		expect(query.filter).toEqual({ updated_since: '2020-01-02T01:04:05.000Z' });
	});

	test('text that is not a date: the error quotes it and asks for an ISO 8601 date, nothing is sent', async () => {
		const error = await inputErrorOf({ resource: 'activity', operation: 'getAll', returnAll: true, activityFilters: { updatedSince: '={{ "next tuesday" }}' } });
		expect(error.message).toBe('Filters → Updated Since: "next tuesday" is not a date');
		expect(error.description).toBe('Use an ISO 8601 date and time.');
	});
});

describe('Get Many: Sort', () => {
	test('only a direction: sort[direction] is sent, no sort[by]', async () => {
		const query = await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { direction: 'desc' } });
		expect(query.sort).toEqual({ direction: 'desc' });
	});

	test('an empty Sort By from an expression: only the direction is sent', async () => {
		const query = await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { by: '={{ "" }}', direction: 'asc' } });
		expect(query.sort).toEqual({ direction: 'asc' });
	});

	test('only a field, or an empty direction: sort[by] is sent, no sort[direction]', async () => {
		expect((await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { by: 'name' } })).sort).toEqual({ by: 'name' });
		ctx.sandbox.resetRequests();
		expect((await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { by: 'name', direction: '={{ "" }}' } })).sort).toEqual({ by: 'name' });
	});

	test('an unknown Sort By: the error lists the fields the resource sorts by', async () => {
		const error = await inputErrorOf({ resource: 'company', operation: 'getAll', returnAll: true, companySort: { by: '={{ "shoe_size" }}' } });
		expect(error.message).toBe('Sort → Sort By: unknown value "shoe_size"');
		expect(error.description).toBe('Use one of: created_at, updated_at, name.');
	});

	test('an unknown direction: the error quotes it and names asc and desc, nothing is sent', async () => {
		const error = await inputErrorOf({ resource: 'company', operation: 'getAll', returnAll: true, companySort: { by: 'name', direction: '={{ "sideways" }}' } });
		expect(error.message).toBe('Sort → Direction: unknown value "sideways"');
		expect(error.description).toBe('Use asc or desc.');
	});
});

describe('Options → Pass-Through Query Parameters', () => {
	test('a key with spaces around it is sent trimmed', async () => {
		const query = await querySent({
			resource: 'company',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			options: { passThrough: { values: [{ key: '  search ', value: 'acme' }] } },
		});
		expect(query.pass_through).toEqual({ search: 'acme' });
	});

	test('an empty or blank key: the error names the entry by its number, nothing is sent', async () => {
		for (const key of ['', '   ']) {
			ctx.sandbox.resetRequests();
			const error = await inputErrorOf({
				resource: 'company',
				operation: 'getAll',
				returnAll: true,
				options: { passThrough: { values: [{ key: 'search', value: 'acme' }, { key, value: 'x' }] } },
			});
			expect(error.message).toBe('Options → Pass-Through Query Parameters #2 → Key: is empty');
			expect(error.description).toBe(PASS_THROUGH_FIX);
		}
	});

	test('an entry without any key (an expression gave nothing): the same error', async () => {
		for (const key of [undefined, null]) {
			await expect(requestBuilt(company, 'get', { companyId: { __rl: true, mode: 'id', value: 'co_1' }, options: { passThrough: { values: [{ key, value: 'x' }] } } })).rejects.toMatchObject({
				message: 'Options → Pass-Through Query Parameters #1 → Key: is empty',
				description: PASS_THROUGH_FIX,
			});
		}
	});
});

describe('Create or Update is offered for the resources that have it', () => {
	test('Company and Contact list Create or Update among their operations', () => {
		for (const def of [company, contact]) {
			const options = operationSelector(def).options as INodePropertyOptions[];
			expect(options.map((o) => o.value)).toEqual(['create', 'upsert', 'delete', 'get', 'getAll', 'update']);
			expect(options.map((o) => o.name)).toEqual(['Create', 'Create or Update', 'Delete', 'Get', 'Get Many', 'Update']);
			const matchBy = nodeType.description.properties.find((p: INodeProperties) => p.name === `${def.value}MatchBy`);
			expect(matchBy?.displayOptions).toEqual({ show: { resource: [def.value], operation: ['upsert'] } });
		}
	});
});
