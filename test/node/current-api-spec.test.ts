/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The resources of Apideck's current CRM API against crm-10.34.0.yml: operations, writable fields,
// nested fields, enums and query parameters are exactly the documented ones.
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { RESOURCES } from '../../nodes/shared/resources';
import { CUSTOM_OBJECT_FIELD_TYPES } from '../../nodes/shared/definitions/enums';
import { COMPOSITES, CURRENT_API } from '../../nodes/shared/definitions/fields';
import { LIST_OPERATIONS, operationsOf, type ResourceDefinition } from '../../nodes/shared/definitions/resource';
import { loadSpec, resolveSchema, writableProperties } from '../helpers/spec';

const spec = loadSpec('crm-10.34.0.yml');
const CURRENT = RESOURCES.filter((r) => r.currentApi);
const SCHEMA: Record<string, string | undefined> = { list: undefined, customObjectSchema: 'CustomObjectSchema', customObject: 'CustomObject' };

const params = (operation: any): string[] =>
	(operation?.parameters ?? []).map((p: any) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()] : p)).map((p: any) => p.name);

/** The spec's path and method of each operation the node offers. */
function endpoint(def: ResourceDefinition, operation: string) {
	const item = `${def.path}/{id}`;
	const extra = def.extraOperations?.find((o) => o.value === operation);
	if (extra) return spec.paths[`${item}/${extra.subPath}`]?.get;
	const [path, method] = {
		create: [def.path, 'post'],
		getAll: [def.path, 'get'],
		get: [item, 'get'],
		update: [item, 'patch'],
		delete: [item, 'delete'],
	}[operation] as [string, string];
	return spec.paths[path]?.[method];
}

test('the current API adds exactly these three resources, each marked as such', () => {
	expect(CURRENT.map((r) => r.value).sort()).toEqual(['customObject', 'customObjectSchema', 'list']);
});

describe.each(CURRENT.map((r) => [r.value, r] as const))('%s', (_name, def) => {
	test('offers exactly the documented operations', () => {
		const documented = ['create', 'delete', 'get', 'getAll', 'update'].filter((op) => endpoint(def, op) !== undefined);
		if (spec.paths[`${def.path}/{id}/members`]?.get) documented.push('getMembers');
		expect(operationsOf(def).sort()).toEqual(documented.sort());
	});

	test('offers the fields projection exactly where it is documented, and no filters or sort', () => {
		for (const op of operationsOf(def)) {
			const names = params(endpoint(def, op));
			const documentsFields = names.includes('fields');
			expect([op, (def.fieldsOption ?? ['get', 'getAll']).includes(op)]).toEqual([op, documentsFields]);
			expect(names).not.toContain('filter');
			expect(names).not.toContain('sort');
			if ((LIST_OPERATIONS as readonly string[]).includes(op)) expect(names).toEqual(expect.arrayContaining(['cursor', 'limit', 'pass_through', 'raw']));
		}
		expect(def.filters).toEqual([]);
		expect(def.sortBy).toBeUndefined();
	});

	test('offers exactly the documented writable fields, none marked required', () => {
		const name = SCHEMA[def.value];
		if (!name) return expect(operationsOf(def)).not.toContain('create');
		const writable = writableProperties(spec, spec.components.schemas[name]);
		const offered = [...def.fields.map((f) => f.api), ...(def.mapped ? [def.mapped.api] : [])];
		expect(offered.sort()).toEqual(Object.keys(writable).sort());
		expect(def.fields.filter((f) => f.required)).toEqual([]);
		expect(resolveSchema(spec, spec.components.schemas[name]).required).toBeUndefined();
	});
});

test('a schema field, its options and the pass-through body carry every documented sub-field', () => {
	const schemaFields = resolveSchema(spec, spec.components.schemas.CustomObjectSchema).properties.fields.items;
	expect(COMPOSITES.schemaFields.fields.map((f) => f.api).sort()).toEqual(Object.keys(schemaFields.properties).sort());
	expect([...CUSTOM_OBJECT_FIELD_TYPES].sort()).toEqual([...schemaFields.properties.type.enum].sort());
	expect(COMPOSITES.schemaFields.fields.find((f) => f.api === 'type')!.values).toEqual(CUSTOM_OBJECT_FIELD_TYPES);
	expect(COMPOSITES.fieldOptions.fields.map((f) => f.api).sort()).toEqual(Object.keys(schemaFields.properties.options.items.properties).sort());

	const passThrough = resolveSchema(spec, spec.components.schemas.PassThroughBody).items;
	expect(COMPOSITES.passThroughBody.fields.map((f) => f.api).sort()).toEqual(Object.keys(passThrough.properties).sort());
	expect(COMPOSITES.passThroughBody.fields.filter((f) => f.required).map((f) => f.api)).toEqual(passThrough.required);
	const paths = passThrough.properties.extend_paths.items;
	expect(COMPOSITES.extendPaths.fields.map((f) => f.api).sort()).toEqual(Object.keys(paths.properties).sort());

	// a record's fields are { name, value } pairs, both text: what the mapper's values become
	const recordFields = resolveSchema(spec, spec.components.schemas.CustomObject).properties.fields.items.properties;
	expect(Object.keys(recordFields).sort()).toEqual(['name', 'value']);
	expect(recordFields.value.type).toBe('string');
});

// n8n-workflow before 1.120 (n8n 1.85) ignores a "/resource" condition inside a collection: there the
// editor also offers Fields where Apideck does not document it (it then only adds a `fields` query parameter).
const rootConditionsInCollections = Number(require('n8n-workflow/package.json').version.split('.')[0]) >= 2 || Number(require('n8n-workflow/package.json').version.split('.')[1]) >= 120;

(rootConditionsInCollections ? test : test.skip)('the editor shows Options → Fields only where the request documents it', () => {
	const { description } = new ApideckCrm();
	const shown = (resource: string, operation: string) => {
		const root = { resource, operation, returnAll: false };
		const options = description.properties.find((p) => p.name === 'options' && NodeHelpers.displayParameter(root, p, { typeVersion: 1 }, description))!;
		const fields = (options.options as INodeProperties[]).find((o) => o.name === 'fields')!;
		return NodeHelpers.displayParameter({}, fields, { typeVersion: 1 }, description, root);
	};
	for (const def of RESOURCES) {
		for (const op of operationsOf(def).filter((o) => ['get', ...LIST_OPERATIONS].includes(o as 'get'))) {
			expect([def.value, op, shown(def.value, op)]).toEqual([def.value, op, (def.fieldsOption ?? ['get', 'getAll']).includes(op)]);
		}
	}
});

test('the resource selector marks the current API\'s resources', () => {
	const selector = new ApideckCrm().description.properties.find((p) => p.name === 'resource')!;
	for (const option of selector.options as Array<{ value: string; description?: string }>) {
		const def = RESOURCES.find((r) => r.value === option.value)!;
		expect([option.value, option.description === CURRENT_API]).toEqual([option.value, Boolean(def.currentApi)]);
	}
});
