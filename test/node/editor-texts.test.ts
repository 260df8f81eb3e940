/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What the editor shows that the package generates: the articles of every generated text, the node panel
// entry n8n builds from both nodes (description, codex), the trigger's Service picker, and the wording
// fixed for issue #24 (defect 8).
import fs from 'node:fs';
import path from 'node:path';

import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeProperties, type INodePropertyOptions, type INodeType } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { RESOURCES } from '../../nodes/shared/resources';
import { CURRENT_API } from '../../nodes/shared/definitions/fields';
import { articleFor, NODE_DESCRIPTION, startsWithVowelSound, withArticle } from '../../nodes/shared/definitions/text';
import { ApideckCrmPollingTrigger } from '../../nodes/ApideckCrmPollingTrigger/ApideckCrmPollingTrigger.node';
import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { EVENT_OPTIONS } from '../../nodes/shared/definitions/events';
import { TestNodeTypes } from '../helpers/engine';
import { useSandbox } from '../helpers/node';
import { pickerContext } from '../helpers/vault';

const action = new ApideckCrm().description;
const trigger = new ApideckCrmTrigger();

/** Every text of a description the editor may show, with where it is. */
function texts(properties: INodeProperties[], where = ''): Array<[string, string]> {
	const out: Array<[string, string]> = [];
	const add = (at: string, value: unknown) => {
		if (typeof value === 'string' && value.trim()) out.push([at, value]);
	};
	for (const p of properties) {
		const at = `${where}${p.displayName}`;
		for (const key of ['displayName', 'description', 'placeholder', 'hint'] as const) add(`${at}.${key}`, p[key]);
		for (const mode of (p.modes ?? []) as Array<{ displayName: string; placeholder?: string }>) add(`${at}.modes.${mode.displayName}`, mode.placeholder);
		for (const o of (p.options ?? []) as any[]) {
			if (o.type) {
				out.push(...texts([o], `${at} → `));
			} else if (o.values) {
				out.push(...texts(o.values, `${at} → ${o.displayName} → `));
			} else {
				for (const key of ['name', 'action', 'description']) add(`${at} → ${o.name}.${key}`, o[key]);
			}
		}
		const mapper = (p.typeOptions as any)?.resourceMapper;
		if (mapper) add(`${at}.noFieldsError`, mapper.noFieldsError);
	}
	return out;
}

/**
 * "a"/"an" before a word, checked against how the word sounds: its first letter, with the exceptions
 * written out by hand (not the helper under test).
 */
const EXCEPTIONS: Record<string, 'a' | 'an'> = { user: 'a', unified: 'a', unique: 'a', usual: 'a', url: 'a', one: 'a', hour: 'an', id: 'an', sms: 'an' };
function articleMistakes(text: string): string[] {
	const out: string[] = [];
	for (const [, article, word] of text.matchAll(/\b(a|an)\s+([A-Za-z]+)/gi)) {
		const w = word.toLowerCase();
		const expected = EXCEPTIONS[w] ?? (/^[aeiou]/.test(w) ? 'an' : 'a');
		if (expected !== article.toLowerCase()) out.push(`${article} ${word}`);
	}
	return out;
}

test('the article helper goes by sound', () => {
	const cases: Array<[string, 'a' | 'an']> = [
		['user', 'a'], ['unified API', 'a'], ['activity', 'an'], ['opportunity', 'an'], ['owner', 'an'],
		['event', 'an'], ['company', 'a'], ['custom object', 'a'], ['pipeline stage', 'a'], ['update', 'an'],
		['unknown value', 'an'], ['one-time sync', 'a'], ['hour', 'an'], ['ID', 'an'], ['API key', 'an'],
		['URL', 'a'], ['CRM', 'a'], ['SMS', 'an'], ['European lead', 'a'], ['usage', 'a'], ['item', 'an'],
	];
	for (const [noun, article] of cases) expect([noun, articleFor(noun)]).toEqual([noun, article]);
	expect(withArticle('user')).toBe('a user');
	expect(withArticle('activity')).toBe('an activity');
	expect(startsWithVowelSound('')).toBe(false);
});

test('every generated text of both nodes has the right articles', () => {
	const all = [...texts(action.properties), ...texts(trigger.description.properties), ['action.description', action.description], ['trigger.description', trigger.description.description]] as Array<[string, string]>;
	const mistakes = all.flatMap(([at, text]) => articleMistakes(text).map((m) => `${at}: ${m} ("${text}")`));
	expect(mistakes).toEqual([]);
	// the ones that were wrong before
	const placeholders = new Map(all.filter(([at]) => at.includes('.modes.From List')).map(([at, text]) => [at, text]));
	expect([...placeholders.values()]).toEqual(expect.arrayContaining(['Select an activity...', 'Select an opportunity...', 'Select a user...', 'Select a connection...']));
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.activity.created')!.description).toBe('When an activity is created in the connected CRM');
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.opportunity.deleted')!.description).toBe('When an opportunity is deleted in the connected CRM');
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.lead.updated')!.description).toBe('When a lead is updated in the connected CRM');
});

test("n8n's node panel: both nodes carry the action's description, and their codex files agree", () => {
	// The editor lists a node and its trigger as one entry described with the trigger's text (n8n 2.41.1,
	// also for HubSpot and Pipedrive): so the trigger carries the action's description.
	expect(action.description).toBe(NODE_DESCRIPTION);
	expect(trigger.description.description).toBe(NODE_DESCRIPTION);
	const codex = (dir: string, name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../nodes', dir, `${name}.node.json`), 'utf8'));
	const a = codex('ApideckCrm', 'ApideckCrm');
	const t = codex('ApideckCrmTrigger', 'ApideckCrmTrigger');
	expect(a.node).toBe('n8n-nodes-apideck-crm.apideckCrm');
	expect(t.node).toBe('n8n-nodes-apideck-crm.apideckCrmTrigger');
	// what the editor merges and searches: the same categories, subcategories and aliases
	for (const key of ['categories', 'subcategories', 'alias', 'nodeVersion', 'codexVersion']) expect([key, t[key]]).toEqual([key, a[key]]);
	expect(a.alias).toEqual(expect.arrayContaining(['HubSpot', 'Salesforce', 'Pipedrive']));
	expect(a.resources.credentialDocumentation).toEqual(t.resources.credentialDocumentation);
});

describe("the trigger's Service option", () => {
	const ctx = useSandbox();

	test('is the action node\'s Vault picker (same modes and listSearch method)', () => {
		const options = trigger.description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		const service = options.find((o) => o.name === 'service')!;
		const actionService = action.properties.find((p) => p.name === 'service')!;
		expect(service.type).toBe('resourceLocator');
		expect(service.modes).toEqual([actionService.modes![0], { ...actionService.modes![1], placeholder: 'e.g. hubspot, pipedrive' }]);
		expect(trigger.methods.listSearch.searchServices).toBe((new ApideckCrm().methods.listSearch as any).searchServices);
	});

	test("lists the consumer's CRM connections through n8n's LoadOptionsContext", async () => {
		const context = pickerContext({ events: ['crm.lead.created'], options: {} }, ctx.credentials as any, {
			type: 'apideckCrmTrigger',
			name: 'Apideck CRM Trigger',
			nodeType: trigger as unknown as INodeType,
		});
		const { results } = await trigger.methods.listSearch.searchServices.call(context);
		expect(results).toEqual([
			{ name: 'HubSpot', value: 'hubspot' },
			{ name: 'Pipedrive', value: 'pipedrive' },
		]);
		const vault = ctx.sandbox.requests.filter((r) => r.path === '/vault/connections');
		expect(vault).toHaveLength(1);
		expect(vault[0].headers['x-apideck-consumer-id']).toBe((ctx.credentials as any).consumerId);
		const filtered = await trigger.methods.listSearch.searchServices.call(context, 'pipe');
		expect(filtered.results.map((r) => r.value)).toEqual(['pipedrive']);
	});
});

describe('subtitles, evaluated by n8n-workflow\'s expression engine as the editor evaluates them', () => {
	/** What the canvas shows under the node's name (the editor's getNodeSubtitle). */
	async function subtitleOf(nodeType: INodeType, parameters: INodeParameters): Promise<unknown> {
		const { description } = nodeType;
		const withDefaults = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, description) as INodeParameters;
		const node: INode = { id: 'n', name: description.displayName, type: description.name, typeVersion: 1, position: [0, 0], parameters: withDefaults };
		const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ [description.name]: nodeType }) });
		const evaluate = async () => workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
		// n8n 2.x's vm engine evaluates inside an isolate the caller holds (n8n-workflow 1.x has none)
		const expression = workflow.expression as { withIsolate?: <T>(fn: () => Promise<T>) => Promise<T> };
		return typeof expression.withIsolate === 'function' ? await expression.withIsolate(evaluate) : await evaluate();
	}
	const actionType = new ApideckCrm() as unknown as INodeType;

	test('the action node shows the operation and resource by their display names', async () => {
		expect(await subtitleOf(actionType, { resource: 'contact', operation: 'getAll' })).toBe('Get Many: Contact');
		expect(await subtitleOf(actionType, { resource: 'contact' })).toBe('Get Many: Contact');
		expect(await subtitleOf(actionType, { resource: 'customObjectSchema', operation: 'create' })).toBe('Create: Custom Object Schema');
		expect(await subtitleOf(actionType, { resource: 'list', operation: 'getMembers' })).toBe('Get Members: List');
		// every operation of every resource, named as its option
		const resourceNames = (action.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]);
		for (const op of action.properties.filter((p) => p.name === 'operation')) {
			const resource = resourceNames.find((r) => r.value === op.displayOptions!.show!.resource![0])!;
			for (const o of op.options as INodePropertyOptions[]) {
				expect(await subtitleOf(actionType, { resource: String(resource.value), operation: String(o.value) })).toBe(`${o.name}: ${resource.name}`);
			}
		}
	});

	test('the trigger shows its events by their display names', async () => {
		expect(await subtitleOf(trigger as unknown as INodeType, { events: ['crm.lead.created', 'crm.opportunity.deleted'] })).toBe('Lead Created, Opportunity Deleted');
		expect(await subtitleOf(trigger as unknown as INodeType, { events: [] })).toBe('');
	});
});

describe('wording a no-code user reads (issue #24, defect 8)', () => {
	const polling = new ApideckCrmPollingTrigger().description;
	const ownNodes = [...texts(action.properties), ...texts(polling.properties)];
	const operation = (resource: string) => action.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))!.options as INodePropertyOptions[];

	test("what only Apideck's newer API has is marked in plain words, without the spec's version", () => {
		expect(CURRENT_API).toBe("Only in Apideck's newer API; some CRMs may not support it");
		const marked = ownNodes.filter(([, text]) => text.includes(CURRENT_API));
		expect(marked.length).toBeGreaterThan(20);
		expect(ownNodes.filter(([, text]) => /10\.3\.6|10\.34|the reference|current CRM API/i.test(text))).toEqual([]);
	});

	test('Sort By names its keys in Title Case, as Filters names the same fields', () => {
		for (const def of RESOURCES.filter((d) => d.sortBy)) {
			const sort = action.properties.find((p) => p.name === `${def.value}Sort`)!.options as INodeProperties[];
			const names = sort.find((o) => o.name === 'by')!.options as INodePropertyOptions[];
			for (const { name, value } of names) {
				expect([def.value, name]).toEqual([def.value, expect.stringMatching(/^[A-Z][a-z]*( [A-Z][a-z]*)*$/)]);
				const filter = def.filters.find((f) => f.api === value);
				if (filter && filter.kind !== 'picker') expect([def.value, name]).toEqual([def.value, filter.label]);
			}
		}
		const contact = (action.properties.find((p) => p.name === 'contactSort')!.options as INodeProperties[]).find((o) => o.name === 'by')!;
		expect((contact.options as INodePropertyOptions[]).map((o) => o.name)).toEqual(['Created At', 'Updated At', 'Name', 'First Name', 'Last Name', 'Email']);
	});

	test('every "Add …" button of the action node and the polling trigger is in Title Case ("Add Option", "Add Field", "Add Filter")', () => {
		const buttons: string[] = [];
		const walk = (properties: INodeProperties[]) => {
			for (const p of properties) {
				if (['collection', 'fixedCollection'].includes(p.type) && p.placeholder) buttons.push(String(p.placeholder));
				const text = (p.typeOptions as { multipleValueButtonText?: string } | undefined)?.multipleValueButtonText;
				if (text) buttons.push(text);
				for (const o of (p.options ?? []) as any[]) {
					if (o.type) walk([o]);
					else if (o.values) walk(o.values);
				}
			}
		};
		walk([...action.properties, ...polling.properties]);
		expect(buttons).toEqual(expect.arrayContaining(['Add Option', 'Add Field', 'Add Filter', 'Add Email']));
		expect(buttons.filter((b) => !/^Add( [A-Z][A-Za-z-]*)+$/.test(b))).toEqual([]);
	});

	test('Create or Update says what it does, for each resource', () => {
		const upserts = RESOURCES.filter((d) => d.upsert).map((d) => [d.value, operation(d.value).find((o) => o.value === 'upsert')!.description]);
		expect(upserts).toEqual([
			['company', 'Create a new company, or update the current one if it already exists (upsert)'],
			['contact', 'Create a new contact, or update the current one if it already exists (upsert)'],
			['lead', 'Create a new lead, or update the current one if it already exists (upsert)'],
		]);
	});

	test("a custom object's actions are about its records, not about creating an object", () => {
		const options = operation('customObject');
		expect(options.map((o) => o.action)).toEqual([
			'Create a custom object record',
			'Delete a custom object record',
			'Get a custom object record',
			'Get many custom object records',
			'Update a custom object record',
		]);
		expect(options.find((o) => o.value === 'create')!.description).toBe('Create a record of the chosen custom object');
		// the schema resource is the one that creates an object
		expect(operation('customObjectSchema').find((o) => o.value === 'create')!.action).toBe('Create a custom object schema');
	});

	test('the ID of an email, phone number, address, website or social link says what it is for and when to leave it empty', () => {
		const contactFields = action.properties.find((p) => p.name === 'contactFields')!.options as INodeProperties[];
		for (const list of ['emails', 'phoneNumbers', 'addresses', 'websites', 'socialLinks']) {
			const values = (contactFields.find((o) => o.name === list)!.options as Array<{ values: INodeProperties[] }>)[0].values;
			const id = values.find((v) => v.name === 'id')!;
			expect([list, id.displayName, id.description]).toEqual([list, 'ID', expect.stringMatching(/^The CRM's ID of this .+, to change th(at|is) .+\. Leave empty for a new .+\.$/)]);
		}
		const emails = (contactFields.find((o) => o.name === 'emails')!.options as Array<{ values: INodeProperties[] }>)[0].values;
		expect(emails.find((v) => v.name === 'id')!.description).toBe("The CRM's ID of this email entry, to change that entry. Leave empty for a new email.");
	});
});
