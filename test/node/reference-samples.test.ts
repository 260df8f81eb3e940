/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The 10.3.6 contract's samples (every field of every Create and Update, every filter of every Get Many:
// test/helpers/samples.ts, as the crm.yml contract tests send them) still leave out what only Apideck's
// current CRM API has: their requests, made by n8n-core's engine against the sandbox, validate against
// crm.yml, body and query alike. With the current API's additions the same check flags exactly those:
// it can fail.
import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { COMPOSITES, type FieldDef } from '../../nodes/shared/definitions/fields';
import { parameterNames } from '../../nodes/shared/definitions/resource';
import { byId, crmRequests, run, useSandbox } from '../helpers/node';
import { everyFieldParameters, everyFilterParameters, type SampleOptions } from '../helpers/samples';
import { loadSpec, resolveSchema, undocumentedQuery, RESOURCE_SCHEMAS } from '../helpers/spec';

const ctx = useSandbox();
const spec = loadSpec('crm.yml');
const EIGHT = RESOURCES.filter((r) => !r.currentApi);
const SCHEMA = RESOURCE_SCHEMAS;

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** What in a value breaks a crm.yml schema: unknown or read-only properties, types, enums, formats, required ones. */
function violations(schema: any, value: unknown, at: string): string[] {
	const raw = schema;
	const s = resolveSchema(spec, schema);
	if (!s) return [];
	if (value === null) return s.nullable ? [] : [`${at}: null`];
	const variants = s.anyOf ?? s.oneOf;
	if (variants) return variants.some((v: any) => violations(v, value, at).length === 0) ? [] : [`${at}: matches no variant`];
	if (raw.readOnly || s.readOnly) return [`${at}: read-only`];
	const out: string[] = [];
	switch (s.type) {
		case 'string':
			if (typeof value !== 'string') return [`${at}: not text`];
			if (s.enum && !s.enum.includes(value)) out.push(`${at}: "${value}" not in the enum`);
			if (s.minLength && value.length < s.minLength) out.push(`${at}: too short`);
			if (s.format === 'date-time' && !DATE_TIME.test(value)) out.push(`${at}: not a date-time`);
			if (s.format === 'date' && !/^\d{4}-\d\d-\d\d$/.test(value)) out.push(`${at}: not a date`);
			return out;
		case 'number':
		case 'integer':
			return typeof value === 'number' && (s.type === 'number' || Number.isInteger(value)) ? [] : [`${at}: not a ${s.type}`];
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
		case 'array':
			if (!Array.isArray(value)) return [`${at}: not a list`];
			return value.flatMap((v, i) => violations(s.items, v, `${at}[${i}]`));
		case 'object': {
			if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
			const properties = s.properties ?? {};
			for (const [k, v] of Object.entries(value as IDataObject)) {
				if (k in properties) out.push(...violations(properties[k], v, `${at}.${k}`));
				else if (s.additionalProperties === false) out.push(`${at}.${k}: unknown`);
			}
			for (const k of s.required ?? []) if (!(k in (value as IDataObject))) out.push(`${at}.${k}: missing`);
			return out;
		}
		default:
			return [];
	}
}

/** The current API's additions of a resource as the check above names them. */
function currentApiFindings(fields: readonly FieldDef[], at: string): string[] {
	return fields.flatMap((f) => {
		if (f.currentApi) return [`${at}.${f.api}: unknown`];
		const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
		return composite ? currentApiFindings(composite.fields, `${at}.${f.api}${composite.multiple ? '[0]' : ''}`) : [];
	});
}

async function requestsOf(def: (typeof EIGHT)[number], options: SampleOptions) {
	const names = parameterNames(def);
	// a pipeline's chosen ID can be used once
	const leaveOut = def.value === 'pipeline' ? ['id'] : [];
	const created = await run(ctx, everyFieldParameters(def, 'create', leaveOut, options) as any);
	expect(created.error).toBeUndefined();
	const [post] = crmRequests(ctx);
	ctx.sandbox.resetRequests();
	const updated = await run(ctx, { ...everyFieldParameters(def, 'update', leaveOut, options), [names.id]: byId(String(created.items[0].id)) } as any);
	expect(updated.error).toBeUndefined();
	const [patch] = crmRequests(ctx);
	ctx.sandbox.resetRequests();
	const listed = await run(ctx, { ...everyFilterParameters(def, options), options: { raw: true } } as any);
	expect(listed.error).toBeUndefined();
	const [list] = crmRequests(ctx);
	expect([post.method, patch.method, list.method]).toEqual(['POST', 'PATCH', 'GET']);
	return { post, patch, list };
}

describe.each(EIGHT.map((d) => [d.value, d] as const))('%s', (_name, def) => {
	const schema = spec.components.schemas[SCHEMA[def.value]];

	test('the 10.3.6 samples: Create, Update and Get Many validate against crm.yml', async () => {
		const { post, patch, list } = await requestsOf(def, {});
		expect(violations(schema, post.body, 'body')).toEqual([]);
		expect(violations(schema, patch.body, 'body')).toEqual([]);
		expect(undocumentedQuery(spec, def.path, new URLSearchParams(list.rawQuery))).toEqual([]);
	});

	test('with the current API\'s additions the same check flags exactly them', async () => {
		const { post, patch, list } = await requestsOf(def, { currentApi: true });
		// crm.yml leaves a user's own properties open (no additionalProperties: false): there only the nested ones show
		const closed = resolveSchema(spec, schema).additionalProperties === false;
		const expected = currentApiFindings(def.fields, 'body')
			.filter((finding) => closed || finding.split('.').length > 2)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(violations(schema, post.body, 'body').sort()).toEqual(expected);
		expect(violations(schema, patch.body, 'body').sort()).toEqual(expected);
		const filters = def.filters.filter((f) => f.currentApi).map((f) => `filter[${f.api}]`);
		expect(undocumentedQuery(spec, def.path, new URLSearchParams(list.rawQuery)).sort()).toEqual(filters.sort());
	});
});
