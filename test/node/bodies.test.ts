// The exact body a write sends, value types included: Apideck's custom field `value` accepts a string,
// a number, a boolean or JSON, so a number sent as "7" is accepted by the contract and wrong in the CRM.
// Every assertion compares the whole body the sandbox received.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, crmRequests, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

async function bodyOf(parameters: INodeParameters, items?: IDataObject[]) {
	const { error } = await run(ctx, parameters, { items });
	expect(error).toBeUndefined();
	const writes = crmRequests(ctx).filter((r) => r.method === 'POST' || r.method === 'PATCH');
	expect(writes).toHaveLength(1);
	return writes[0].body;
}

const company = (customFields: IDataObject[]): INodeParameters => ({
	resource: 'company',
	operation: 'create',
	companyName: 'Typed Co',
	companyFields: { customFields: { values: customFields } } as INodeParameters,
});

describe('custom fields keep their type', () => {
	test('number, boolean and JSON values as typed in the editor', async () => {
		const body = await bodyOf(
			company([
				{ id: 'cf_num', valueType: 'number', numberValue: 7 },
				{ id: 'cf_fraction', valueType: 'number', numberValue: -2.25 },
				{ id: 'cf_zero', valueType: 'number', numberValue: 0 },
				{ id: 'cf_yes', valueType: 'boolean', booleanValue: true },
				{ id: 'cf_no', valueType: 'boolean', booleanValue: false },
				{ id: 'cf_json', valueType: 'json', jsonValue: '{"tier":"gold","seats":[1,2],"active":true,"none":null}' },
				{ id: 'cf_list', valueType: 'json', jsonValue: '[1,"two",false]' },
				{ id: 'cf_text', valueType: 'string', stringValue: '7' },
			]),
		);
		expect(body).toEqual({
			name: 'Typed Co',
			custom_fields: [
				{ id: 'cf_num', value: 7 },
				{ id: 'cf_fraction', value: -2.25 },
				{ id: 'cf_zero', value: 0 },
				{ id: 'cf_yes', value: true },
				{ id: 'cf_no', value: false },
				{ id: 'cf_json', value: { tier: 'gold', seats: [1, 2], active: true, none: null } },
				{ id: 'cf_list', value: [1, 'two', false] },
				{ id: 'cf_text', value: '7' },
			],
		});
	});

	test('values from expressions are converted to the chosen type', async () => {
		const body = await bodyOf(
			company([
				{ id: 'cf_num', valueType: 'number', numberValue: '={{ $json.count }}' },
				{ id: 'cf_yes', valueType: 'boolean', booleanValue: '={{ $json.flag }}' },
				{ id: 'cf_no', valueType: 'boolean', booleanValue: '={{ "false" }}' },
				{ id: 'cf_json', valueType: 'json', jsonValue: '={{ JSON.stringify($json.meta) }}' },
			]),
			[{ count: '12', flag: 'true', meta: { a: 1 } }],
		);
		expect(body).toEqual({
			name: 'Typed Co',
			custom_fields: [
				{ id: 'cf_num', value: 12 },
				{ id: 'cf_yes', value: true },
				{ id: 'cf_no', value: false },
				{ id: 'cf_json', value: { a: 1 } },
			],
		});
	});

	test('an ID is trimmed, a name and a description go along, a boolean left unset is false', async () => {
		const body = await bodyOf(
			company([
				{ id: '  cf_named  ', valueType: 'string', stringValue: 'v', name: 'Region', description: 'Sales region' },
				{ id: 'cf_unset', valueType: 'boolean' },
				{ id: 'cf_plain', stringValue: 'default type is text' },
			]),
		);
		expect(body).toEqual({
			name: 'Typed Co',
			custom_fields: [
				{ id: 'cf_named', value: 'v', name: 'Region', description: 'Sales region' },
				{ id: 'cf_unset', value: false },
				{ id: 'cf_plain', value: 'default type is text' },
			],
		});
	});

	test('a value that is not of the chosen type is refused before any request, naming the entry', async () => {
		const cases: Array<[IDataObject, string]> = [
			[{ id: 'cf', valueType: 'number', numberValue: 'seven' }, 'Additional Fields → Custom Fields #2 → Value: "seven" is not a number'],
			[{ id: 'cf', valueType: 'boolean', booleanValue: 'yes' }, 'Additional Fields → Custom Fields #2 → Value: "yes" is not true or false'],
			[{ id: 'cf', valueType: 'date' }, 'Additional Fields → Custom Fields #2 → Type: unknown value "date"'],
		];
		for (const [entry, message] of cases) {
			const { error } = await run(ctx, company([{ id: 'ok', valueType: 'number', numberValue: 1 }, entry]));
			expect(error?.message).toBe(message);
		}
		expect(crmRequests(ctx)).toEqual([]);
	});
});

test('numbers, booleans, dates, lists and pickers of the record itself go out typed, nothing else', async () => {
	const body = await bodyOf({
		resource: 'opportunity',
		operation: 'create',
		opportunityTitle: 'Typed deal',
		opportunityPrimaryContactId: byId('  ct_1  '),
		opportunityFields: {
			monetaryAmount: '={{ "1250.5" }}',
			winProbability: 0,
			currency: 'EUR',
			closeDate: '2026-05-31',
			stageLastChangedAt: '2026-05-01T08:00:00Z',
			contactIds: ['ct_1', ' ct_2 ', ''],
			companyId: byId('co_9'),
			description: '',
			ownerId: byId(''),
		},
	});
	expect(body).toEqual({
		title: 'Typed deal',
		primary_contact_id: 'ct_1',
		monetary_amount: 1250.5,
		win_probability: 0,
		currency: 'EUR',
		close_date: '2026-05-31',
		stage_last_changed_at: '2026-05-01T08:00:00.000Z',
		contact_ids: ['ct_1', 'ct_2'],
		company_id: 'co_9',
	});
});

test("a boolean field and an emails list, exactly (n8n fills an entry's Type with its default)", async () => {
	const body = await bodyOf({
		resource: 'company',
		operation: 'create',
		companyName: 'Flags',
		companyFields: {
			readOnly: false,
			emails: { values: [{ email: 'a@example.com', type: 'work' }, { email: 'b@example.com' }] },
		},
	});
	expect(body).toEqual({
		name: 'Flags',
		read_only: false,
		emails: [
			{ email: 'a@example.com', type: 'work' },
			{ email: 'b@example.com', type: 'primary' },
		],
	});
});
