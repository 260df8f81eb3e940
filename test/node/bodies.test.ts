// The exact body a write sends, value types included: Apideck's custom field `value` accepts a string,
// a number, a boolean or JSON, so a number sent as "7" is accepted by the contract and wrong in the CRM.
// Every assertion compares the whole body the sandbox received.
//
// Then each field's value as the body gets it, and what a user sees of a bad one: what an empty value
// sends (nothing), what each kind of field makes of a value (numbers, true/false, dates, JSON, tag lists,
// currencies, lists of emails or addresses, custom fields), and the error that names the field and says
// how to fix a bad value, including the list of allowed values. serializeField is pure (a field
// description and a value in, the API's value or an n8n error out), so those tests call it directly.
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { serializeField, SKIP } from '../../nodes/shared/requests/body';
import type { FieldDef } from '../../nodes/shared/definitions/fields';
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

// ---- one field's value as the body gets it (serializeField), and the error for a bad one ----------

const NODE: INode = { id: 'n', name: 'Apideck CRM', type: 'apideckCrm', typeVersion: 1, position: [0, 0], parameters: {} };

const where = (path: string) => ({ node: NODE, itemIndex: 2, path, timezone: 'Europe/Berlin' });

const field = (kind: FieldDef['kind'], extra: Partial<FieldDef> = {}): FieldDef => ({ api: 'x', label: 'X', kind, ...extra });

const send = (f: FieldDef, value: unknown, path = 'Additional Fields → X') => serializeField(f, value, where(path));

/** The error serializeField throws: message, description (the fix) and the item it names. */
function refusal(f: FieldDef, value: unknown, path = 'Additional Fields → X') {
	try {
		serializeField(f, value, where(path));
	} catch (error) {
		const e = error as { name: string; message: string; description: string; context: { itemIndex?: number } };
		return { name: e.name, message: e.message, description: e.description, itemIndex: e.context.itemIndex };
	}
	throw new Error('the value was not refused');
}

describe('an empty value sends nothing, whatever the kind of field', () => {
	test.each([
		['number', ''],
		['number', '   '],
		['integer', ''],
		['boolean', ''],
		['boolean', ' '],
		['dateTime', ''],
		['date', '  '],
		['json', ''],
		['json', '  '],
		['stringList', undefined],
		['stringList', null],
		['currency', ''],
		['currency', null],
	] as Array<[FieldDef['kind'], unknown]>)('%s left as %j: not sent, no error', (kind, value) => {
		expect(send(field(kind), value)).toBe(SKIP);
	});
});

describe('the list of allowed values in the error for an unknown choice', () => {
	const twelve = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10', 'a11', 'a12'];

	test('a currency not in the list: the first twelve currencies, then "…"', () => {
		expect(refusal(field('currency'), 'EURO', 'Additional Fields → Currency')).toEqual({
			name: 'NodeOperationError',
			message: 'Additional Fields → Currency: unknown value "EURO"',
			description: 'Use one of: UNKNOWN_CURRENCY, AED, AFN, ALL, AMD, ANG, AOA, ARS, AUD, AWG, AZN, BAM, ….',
			itemIndex: 2,
		});
	});

	test('a known currency is sent as it is', () => {
		expect(send(field('currency'), 'EUR')).toBe('EUR');
	});

	test('a choice of exactly twelve values: all twelve, no "…"', () => {
		expect(refusal(field('options', { values: twelve }), 'a13').description).toBe('Use one of: a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12.');
	});

	test('a choice of thirteen values: the first twelve, then "…"', () => {
		expect(refusal(field('options', { values: [...twelve, 'a13'] }), 'a14').description).toBe('Use one of: a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, ….');
	});

	test('a choice of three values: the three, comma-separated', () => {
		expect(refusal(field('options', { values: ['low', 'mid', 'high'] }), 'top')).toMatchObject({
			message: 'Additional Fields → X: unknown value "top"',
			description: 'Use one of: low, mid, high.',
		});
	});

	test('a choice whose description lists no values accepts none', () => {
		expect(refusal(field('options'), 'Stryker was here')).toMatchObject({
			message: 'Additional Fields → X: unknown value "Stryker was here"',
			description: 'Use one of: .',
		});
	});
});

describe('numbers, true/false and dates', () => {
	test('a number typed as text is sent as a number, a number as it is', () => {
		expect(send(field('number'), ' 12.5 ')).toBe(12.5);
		expect(send(field('number'), 7)).toBe(7);
	});

	test('"maybe" for a true/false field: the error names the value and says what to use', () => {
		expect(refusal(field('boolean'), 'maybe', 'Additional Fields → Is Active')).toEqual({
			name: 'NodeOperationError',
			message: 'Additional Fields → Is Active: "maybe" is not true or false',
			description: 'Use true or false.',
			itemIndex: 2,
		});
	});

	test('a date that is not one: the value shown, and an example date', () => {
		expect(refusal(field('date'), 'next week', 'Additional Fields → Close Date')).toEqual({
			name: 'NodeOperationError',
			message: 'Additional Fields → Close Date: "next week" is not a date',
			description: 'Use a date such as 2025-03-31.',
			itemIndex: 2,
		});
	});

	test('a date-time that is not one: an example date-time, with or without a time zone', () => {
		expect(refusal(field('dateTime'), 'soon')).toMatchObject({
			message: 'Additional Fields → X: "soon" is not a date',
			description: "Use an ISO 8601 date and time such as 2025-03-31T14:00:00 (in the workflow's time zone) or 2025-03-31T14:00:00Z.",
		});
	});

	test('an object mapped to a date-time: the error shows it as JSON, not [object Object]', () => {
		expect(refusal(field('dateTime'), { when: 'tomorrow' }).message).toBe('Additional Fields → X: "{"when":"tomorrow"}" is not a date');
	});
});

describe('JSON fields and tag lists', () => {
	test('JSON text is sent as the object it describes', () => {
		expect(send(field('json'), '{"tier": "gold", "seats": 3}')).toEqual({ tier: 'gold', seats: 3 });
	});

	test('an object from an expression is sent as it is', () => {
		expect(send(field('json'), { tier: 'gold' })).toEqual({ tier: 'gold' });
	});

	test('text that is not JSON: the error names the field and shows an example', () => {
		const error = refusal(field('json'), '{tier: gold}', 'Additional Fields → Extend Object');
		expect(error.message).toMatch(/^Additional Fields → Extend Object: invalid JSON \(.+\)$/);
		expect(error.description).toBe('Enter valid JSON, for example {"key": "value"}, or an expression that returns an object.');
	});

	test('tags typed as "vip, partner ,, new": three tags, trimmed, the empty one dropped', () => {
		expect(send(field('stringList'), 'vip, partner ,, new')).toEqual(['vip', 'partner', 'new']);
	});
});

describe('lists of emails, addresses and other nested entries', () => {
	const emails: FieldDef = { api: 'emails', label: 'Emails', kind: 'emails' };
	const addresses: FieldDef = { api: 'addresses', label: 'Addresses', kind: 'addresses' };
	const address: FieldDef = { api: 'address', label: 'Address', kind: 'address' };

	test('emails given as JSON text (e.g. from an expression) are sent as the list it describes', () => {
		expect(send(emails, '{"values": [{"email": "ada@example.com", "type": "work"}]}', 'Contact Fields → Emails')).toEqual([{ email: 'ada@example.com', type: 'work' }]);
		expect(send(emails, '{"email": "grace@example.com"}', 'Contact Fields → Emails')).toEqual([{ email: 'grace@example.com' }]);
	});

	test('emails given as a plain list, or as JSON text of one: sent as that list, not dropped', () => {
		const list = [{ email: 'ada@example.com', type: 'work' }, { email: 'grace@example.com' }];
		expect(send(emails, list)).toEqual(list);
		expect(send(emails, JSON.stringify(list))).toEqual(list);
		expect(send(emails, [])).toBe(SKIP);
	});

	test('one email entry given as an object, not a list: sent as a list of one', () => {
		expect(send(emails, { values: { email: 'ada@example.com' } })).toEqual([{ email: 'ada@example.com' }]);
		expect(send(emails, { email: 'grace@example.com', type: 'personal' })).toEqual([{ email: 'grace@example.com', type: 'personal' }]);
	});

	test('a single address given as an object is sent as one object', () => {
		expect(send(address, { city: 'Berlin', type: 'office' })).toEqual({ type: 'office', city: 'Berlin' });
	});

	test('a value that is neither a list nor an object (a number, true) gives no entries: nothing sent, no error', () => {
		expect(send(emails, 5)).toBe(SKIP);
		expect(send(emails, true)).toBe(SKIP);
	});

	test('an address entry left blank is dropped, the filled one is sent', () => {
		expect(send(addresses, { values: [{ city: 'Berlin' }, { city: '  ', line1: '' }] })).toEqual([{ city: 'Berlin' }]);
		expect(send(addresses, { values: [{ city: '' }] })).toBe(SKIP);
	});

	test('a bad type in a single address: the error names the address\'s Type, without an entry number', () => {
		expect(refusal(address, { type: 'castle' }, 'Company Fields → Address')).toEqual({
			name: 'NodeOperationError',
			message: 'Company Fields → Address → Type: unknown value "castle"',
			description: 'Use one of: primary, secondary, home, office, shipping, billing, other.',
			itemIndex: 2,
		});
	});

	test('an email entry without its address: the error names the entry by number', () => {
		expect(refusal(emails, { values: [{ email: 'a@example.com' }, { type: 'work' }] }, 'Contact Fields → Emails')).toMatchObject({
			message: 'Contact Fields → Emails #2 → Email: is required',
			description: 'Fill in Email, or remove the entry.',
		});
	});
});

describe('custom fields', () => {
	const customFields: FieldDef = { api: 'custom_fields', label: 'Custom Fields', kind: 'customFields' };
	const PATH = 'Additional Fields → Custom Fields';
	const sendCustom = (value: unknown) => serializeField(customFields, value, where(PATH));
	const refuseCustom = (value: unknown) => refusal(customFields, value, PATH);

	test('given as JSON text (e.g. from an expression): sent as the list it describes', () => {
		expect(sendCustom('{"values": [{"id": "cf_1", "valueType": "number", "value": "42"}]}')).toEqual([{ id: 'cf_1', value: 42 }]);
	});

	test('given as a plain list, or as JSON text of one: sent, not dropped', () => {
		expect(sendCustom([{ id: 'cf_1', valueType: 'number', value: 7 }])).toEqual([{ id: 'cf_1', value: 7 }]);
		expect(sendCustom('[{"id": "cf_2", "value": "gold"}]')).toEqual([{ id: 'cf_2', value: 'gold' }]);
	});

	test('an entry with no type is text; without a value it sends an empty text', () => {
		expect(sendCustom({ values: [{ id: 'cf_1', stringValue: 'gold' }, { id: 'cf_2' }] })).toEqual([
			{ id: 'cf_1', value: 'gold' },
			{ id: 'cf_2', value: '' },
		]);
	});

	test('a true/false entry without a value sends false', () => {
		expect(sendCustom({ values: [{ id: 'cf_1', valueType: 'boolean' }] })).toEqual([{ id: 'cf_1', value: false }]);
		expect(sendCustom({ values: [{ id: 'cf_1', valueType: 'boolean', booleanValue: 'true' }] })).toEqual([{ id: 'cf_1', value: true }]);
	});

	test('a JSON entry without a value sends null; with one, the object', () => {
		expect(sendCustom({ values: [{ id: 'cf_1', valueType: 'json' }] })).toEqual([{ id: 'cf_1', value: null }]);
		expect(sendCustom({ values: [{ id: 'cf_1', valueType: 'json', jsonValue: '{"a": [1]}' }] })).toEqual([{ id: 'cf_1', value: { a: [1] } }]);
	});

	test('a number entry that is not a number: the error names the entry\'s Value', () => {
		expect(refuseCustom({ values: [{ id: 'cf_1', valueType: 'number', numberValue: 'many' }] })).toMatchObject({
			message: 'Additional Fields → Custom Fields #1 → Value: "many" is not a number',
			description: 'Enter a number.',
		});
	});

	test('a true/false entry that is not one: the error names the entry\'s Value', () => {
		expect(refuseCustom({ values: [{ id: 'cf_1', valueType: 'boolean', booleanValue: 'yes' }] })).toMatchObject({
			message: 'Additional Fields → Custom Fields #1 → Value: "yes" is not true or false',
			description: 'Use true or false.',
		});
	});

	test('a JSON entry that is not JSON: the error names the entry\'s Value (JSON)', () => {
		expect(refuseCustom({ values: [{ id: 'cf_1', valueType: 'json', jsonValue: '{oops' }] }).message).toMatch(
			/^Additional Fields → Custom Fields #1 → Value \(JSON\): invalid JSON \(.+\)$/,
		);
	});

	test('an unknown type: the error names the entry\'s Type and lists the four', () => {
		expect(refuseCustom({ values: [{ id: 'cf_1', valueType: 'date', value: 'x' }] })).toMatchObject({
			message: 'Additional Fields → Custom Fields #1 → Type: unknown value "date"',
			description: 'Use one of: string, number, boolean, json.',
		});
	});
});
