/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// "Custom Fields as Properties": how a record's custom fields become one object keyed by name.
import { customFieldsByName } from '../../nodes/shared/descriptions/customFieldNames';

test('each custom field by its name; an empty name or a name used twice falls back to the ID', () => {
	expect(
		customFieldsByName({
			custom_fields: [
				{ id: 'cf_1', name: 'Lead Source', value: 'Webinar' },
				{ id: 'cf_2', name: 'Budget', value: 5000 },
				{ id: 'cf_3', name: 'Region', value: 'EMEA' },
				{ id: 'cf_4', name: 'Region', value: 'APAC' },
				{ id: 'cf_5', name: '  ', value: true },
				{ id: 'cf_6', value: null },
				{ id: 'cf_7', name: ' Tier ', value: { level: 2 } },
			],
		}),
	).toEqual({ 'Lead Source': 'Webinar', Budget: 5000, cf_3: 'EMEA', cf_4: 'APAC', cf_5: true, cf_6: null, Tier: { level: 2 } });
});

test('a record without custom fields gets an empty object; entries without an ID or name are left out', () => {
	expect(customFieldsByName({})).toEqual({});
	expect(customFieldsByName({ custom_fields: null })).toEqual({});
	expect(customFieldsByName({ custom_fields: [{ value: 1 }, null as any, { id: 7, value: 'x' }] })).toEqual({ '7': 'x' });
});
