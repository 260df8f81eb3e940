/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The node's description as n8n loads it: n8n's own loader step for declarative nodes, and the
// editor conventions (actions, "Whether …" booleans, unique names).
import { DirectoryLoader } from 'n8n-core';
import * as n8nWorkflow from 'n8n-workflow';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { filterProperty } from '../../nodes/shared/descriptions/operations';
import { RESOURCES } from '../../nodes/shared/resources';
import { run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

/** What n8n's loader does to a declarative node: DirectoryLoader's own step, or n8n-workflow's in older n8n 1.x. */
const applyDeclarativeNodeOptionParameters = (nodeType: INodeType) =>
	((DirectoryLoader as any).applyDeclarativeNodeOptionParameters ?? (n8nWorkflow as any).applyDeclarativeNodeOptionParameters)(nodeType);

function walk(properties: INodeProperties[], visit: (p: INodeProperties) => void) {
	for (const p of properties) {
		visit(p);
		for (const option of (p.options ?? []) as any[]) {
			if (option.type) walk([option], visit);
			if (option.values) walk(option.values, visit);
		}
	}
}

test('n8n\'s loader merges our pacing and retry settings into its Request Options', () => {
	const nodeType = new ApideckCrm();
	applyDeclarativeNodeOptionParameters(nodeType as unknown as INodeType);
	const requestOptions = nodeType.description.properties.filter((p) => p.name === 'requestOptions');
	expect(requestOptions).toHaveLength(1);
	const names = (requestOptions[0].options as INodeProperties[]).map((o) => o.name);
	expect(names).toEqual(expect.arrayContaining(['batching', 'proxy', 'timeout', 'maxAttempts', 'maxConcurrency', 'maxRateLimitWait']));
});

test('the node runs as n8n loads it, with batching from Request Options', async () => {
	const { nodeType } = await import('../helpers/node');
	applyDeclarativeNodeOptionParameters(nodeType as unknown as INodeType);
	const { items, error } = await run(ctx, {
		resource: 'company',
		operation: 'create',
		companyName: '={{ $json.name }}',
		requestOptions: { batching: { batch: { batchSize: 2, batchInterval: 1 } }, maxConcurrency: 2 },
	}, { items: [{ name: 'Batch A' }, { name: 'Batch B' }, { name: 'Batch C' }] });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(3);
});

test('editor conventions: actions, "Whether" booleans, one parameter per name and resource', () => {
	const { properties } = new ApideckCrm().description;
	const operations = properties.filter((p) => p.name === 'operation');
	expect(operations).toHaveLength(RESOURCES.length);
	const withUpsert = ['company', 'contact', 'lead'];
	for (const op of operations) {
		const def = RESOURCES.find((r) => r.value === op.displayOptions!.show!.resource![0])!;
		const names = (op.options as any[]).map((o) => o.name);
		const upsert = withUpsert.includes(def.value) ? ['Create or Update'] : [];
		// the 10.3.6 resources offer the five standard operations (three Create or Update too); the
		// current API's lists are read-only
		if (!def.currentApi) expect(names).toEqual(['Create', ...upsert, 'Delete', 'Get', 'Get Many', 'Update']);
		else expect(names).toEqual(def.value === 'list' ? ['Get', 'Get Many', 'Get Members'] : ['Create', 'Delete', 'Get', 'Get Many', 'Update']);
		for (const o of op.options as any[]) expect(o.action).toMatch(/^(Create|Create or update|Delete|Get|Update) (a ([^aeiou]|us|un)|an [aeiou])|^Get many /); // articles: editor-texts.test.ts
	}
	expect(operations.flatMap((op) => (op.options as any[]).filter((o) => o.value === 'upsert').map((o) => o.action))).toEqual([
		'Create or update a company',
		'Create or update a contact',
		'Create or update a lead',
	]);
	walk(properties, (p) => {
		if (p.type === 'boolean') expect(p.description).toMatch(/^Whether /);
	});
	// a name may repeat only for the same resource (Additional Fields / Update Fields) or across
	// operations that never show together (the three Options collections)
	const seen = new Map<string, number>();
	for (const p of properties) seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
	for (const [name, count] of seen) {
		if (['operation', 'options'].includes(name)) continue;
		expect([name, count <= 2]).toEqual([name, true]);
	}
	expect(new ApideckCrm().description.usableAsTool).toBe(true);
});

test('a Filters entry for a list of values: an empty list offers nothing and defaults to empty, a list defaults to its first value', () => {
	expect(filterProperty({ api: 'kind_of', label: 'Kind Of', kind: 'options' })).toMatchObject({ name: 'kindOf', type: 'options', options: [], default: '' });
	expect(filterProperty({ api: 'kind_of', label: 'Kind Of', kind: 'options', values: ['b_two', 'a_one'] })).toMatchObject({
		options: [
			{ name: 'B Two', value: 'b_two' },
			{ name: 'A One', value: 'a_one' },
		],
		default: 'b_two',
	});
});
