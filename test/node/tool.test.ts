/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// "Apideck CRM Tool": the node as an AI agent's tool, through n8n-core's own tool wrapper
// (getInputConnectionData → createNodeAsTool → SupplyDataContext, $fromAI() reading the agent's
// arguments) against the sandbox: the requests an agent's arguments produce and the answers it gets.
import type { IDataObject } from 'n8n-workflow';

import { loadSpec } from '../helpers/spec';
import { apideckCrmTool, convertLikeN8n, expectedToolDescription, fromAI, legacyToolWrapper, n8nConversionAvailable, runAgent } from '../helpers/tool';
import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { crmRequests, DEMO, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const line = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

test('n8n offers the node as "Apideck CRM Tool"', () => {
	const tool = apideckCrmTool();
	expect(tool.description).toMatchObject({ name: 'apideckCrmTool', displayName: 'Apideck CRM Tool', inputs: [], outputs: ['ai_tool'] });
	if (n8nConversionAvailable()) {
		// the stand-in conversion used where n8n is not installed matches n8n's own
		const ours = convertLikeN8n(new ApideckCrm().description);
		const names = (d: { properties: Array<{ name: string }> }) => d.properties.map((p) => p.name);
		expect(names(ours)).toEqual(names(tool.description));
		expect(ours.codex).toEqual(tool.description.codex);
	}
});

test('"find contacts with email X": Get Many with the email filter, and a small answer', async () => {
	const target = ctx.sandbox.records(DEMO.consumerId, 'contacts').find((r: any) => r.emails?.length === 1) as any;
	const email = target.emails[0].email;

	const { tool, answers, error } = await runAgent({
		credentials: ctx.credentials as any,
		parameters: { resource: 'contact', operation: 'getAll', limit: 10, contactFilters: { email: fromAI('Email', 'Email address to look for') } },
		calls: [{ args: { Email: email } }],
	});

	expect(error).toBeUndefined();
	expect(tool).toEqual({ name: 'Apideck_CRM_Tool', description: expectedToolDescription('contact', 'getAll', 'Get many contacts in Apideck CRM'), schemaKeys: ['Email'] });
	const requests = crmRequests(ctx);
	expect(requests.map(line)).toEqual(['GET /crm/contacts']);
	expect(requests[0].query).toEqual({ filter: { email }, limit: '10' });
	const found = JSON.parse(answers[0].answer!);
	expect(found).toEqual([expect.objectContaining({ id: target.id, name: target.name, email })]);
	expect(Object.keys(found[0])).toHaveLength(12);
});

test('"create a lead for Y at Z": one POST with the name and the company', async () => {
	const { tool, answers, error } = await runAgent({
		credentials: ctx.credentials as any,
		parameters: { resource: 'lead', operation: 'create', leadName: fromAI('Name', 'Full name of the person'), leadCompanyName: fromAI('Company_Name', 'Company the person works for') },
		calls: [{ args: { Name: 'Margaret Hamilton', Company_Name: 'MIT Instrumentation Lab' } }],
	});

	expect(error).toBeUndefined();
	expect(tool.description).toBe(expectedToolDescription('lead', 'create', 'Create a lead in Apideck CRM'));
	expect(tool.schemaKeys.sort()).toEqual(['Company_Name', 'Name']);
	const requests = crmRequests(ctx);
	expect(requests.map(line)).toEqual(['POST /crm/leads']);
	expect(requests[0].body).toEqual({ name: 'Margaret Hamilton', company_name: 'MIT Instrumentation Lab' });
	const [created] = JSON.parse(answers[0].answer!);
	const lead = ctx.sandbox.records(DEMO.consumerId, 'leads').find((r: any) => r.id === created.id);
	expect(lead).toMatchObject({ name: 'Margaret Hamilton', company_name: 'MIT Instrumentation Lab' });
});

test('"add a note to opportunity N": one POST linking the note to it', async () => {
	const opportunity = ctx.sandbox.records(DEMO.consumerId, 'opportunities')[3] as any;

	const { tool, answers, error } = await runAgent({
		credentials: ctx.credentials as any,
		parameters: {
			resource: 'note',
			operation: 'create',
			noteFields: {
				opportunityId: { __rl: true, mode: 'id', value: fromAI('Opportunity', 'ID of the opportunity') },
				content: fromAI('Content', 'Text of the note'),
			},
		},
		calls: [{ args: { Opportunity: opportunity.id, Content: 'Customer asked for a discount' } }],
	});

	expect(error).toBeUndefined();
	expect(tool.description).toBe(expectedToolDescription('note', 'create', 'Create a note in Apideck CRM'));
	const requests = crmRequests(ctx);
	expect(requests.map(line)).toEqual(['POST /crm/notes']);
	expect(requests[0].body).toEqual({ opportunity_id: opportunity.id, content: 'Customer asked for a discount' });
	const [note] = JSON.parse(answers[0].answer!);
	expect(ctx.sandbox.records(DEMO.consumerId, 'notes').find((r: any) => r.id === note.id)).toMatchObject({ opportunity_id: opportunity.id });
});

test('several calls of one tool, and a bad argument: the model gets an error naming the field, and nothing is sent', async () => {
	const { answers } = await runAgent({
		credentials: ctx.credentials as any,
		parameters: { resource: 'lead', operation: 'create', leadName: fromAI('Name'), leadCompanyName: fromAI('Company_Name') },
		calls: [{ args: { Name: 'Annie Easley', Company_Name: 'NASA' } }, { args: { Name: 'Nobody', Company_Name: '  ' } }],
	});
	expect(JSON.parse(answers[0].answer!)[0].id).toEqual(expect.any(String));
	if (legacyToolWrapper) expect(answers[1]).toEqual({ answer: expect.stringMatching(/^Error during node execution/) });
	else expect(answers[1].error).toMatch(/^Company Name: is required/);
	expect(crmRequests(ctx).map(line)).toEqual(['POST /crm/leads']);
});

describe('size of a 50-contact Get Many answer', () => {
	const sizes: Record<string, { simplified: number; full: number }> = {};

	async function answerSize(simplify: boolean) {
		const { answers, error } = await runAgent({
			credentials: ctx.credentials as any,
			parameters: { resource: 'contact', operation: 'getAll', limit: fromAI('Limit', 'How many contacts', 'number'), simplify },
			calls: [{ args: { Limit: 50 } }],
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(answers[0].answer!)).toHaveLength(50);
		return answers[0].answer!.length;
	}

	test('sandbox demo contacts (about 20 fields filled each)', async () => {
		sizes.sandbox = { simplified: await answerSize(true), full: await answerSize(false) };
		expect(sizes.sandbox.simplified / sizes.sandbox.full).toBeLessThan(0.5);
	});

	test("Apideck's documented example contact (every field filled), 50 times", async () => {
		const spec = loadSpec();
		const example = exampleOf(spec, spec.components.schemas.Contact) as IDataObject;
		const page = Array.from({ length: 50 }, (_, i) => ({ ...example, id: `ct_example_${i}` }));
		ctx.sandbox.intercept(({ method, path }) =>
			method === 'GET' && path === '/crm/contacts'
				? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', service: 'hubspot', resource: 'contacts', operation: 'all', data: page, meta: { items_on_page: 50, cursors: { previous: null, current: null, next: null } } } }
				: undefined,
		);
		sizes.example = { simplified: await answerSize(true), full: await answerSize(false) };
		expect(sizes.example.simplified / sizes.example.full).toBeLessThan(0.25);
	});

	afterAll(() => {
		for (const [name, s] of Object.entries(sizes)) {
			process.stdout.write(`tool answer, 50 contacts (${name}): simplified ${s.simplified} characters, full ${s.full} characters (${((s.simplified / s.full) * 100).toFixed(0)} %)\n`);
		}
	});
});

/** A record made of the spec's own examples (as Prism's mock builds its answers). */
function exampleOf(spec: any, schema: any): unknown {
	let s = schema;
	while (s?.$ref) s = spec.components.schemas[s.$ref.split('/').pop()];
	if (!s) return null;
	if (s.example !== undefined) return s.example;
	if (s.allOf) return Object.assign({}, ...s.allOf.map((p: any) => exampleOf(spec, p)));
	if (s.type === 'array') return [exampleOf(spec, s.items)];
	if (s.type === 'object' || s.properties) return Object.fromEntries(Object.entries<any>(s.properties ?? {}).map(([k, v]) => [k, exampleOf(spec, v)]));
	return null;
}
