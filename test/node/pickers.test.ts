/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The searchable pickers ("From list"), run through n8n-core's LoadOptionsContext as the editor does.
import type { INodeParameters } from 'n8n-workflow';

import { byId, crmRequests, DEMO, nodeType, useSandbox } from '../helpers/node';
import { setConnectionEnabled, pickerContext as vaultPickerContext } from '../helpers/vault';

const ctx = useSandbox();

/** The editor's context for a picker of the action node, as `consumerId` (the demo consumer by default). */
const pickerContext = (parameters: INodeParameters, consumerId: string = DEMO.consumerId) =>
	vaultPickerContext(parameters, { ...(ctx.credentials as any), consumerId });

const methods = nodeType.methods.listSearch;

test('Service lists the consumer\'s CRM connections from Vault', async () => {
	const { results } = await methods.searchServices.call(pickerContext({ resource: 'company' }));
	expect(results.map((r) => r.value)).toEqual(expect.arrayContaining(['hubspot', 'pipedrive']));
	expect(ctx.sandbox.requests.at(-1)!.path).toBe('/vault/connections');
});

test('Service leaves out a connection disabled in Vault', async () => {
	await setConnectionEnabled(ctx.sandbox, 'picker-disabled', 'pipedrive', false);
	const { results } = await methods.searchServices.call(pickerContext({ resource: 'company' }, 'picker-disabled'));
	expect(results.map((r) => r.value)).toEqual(['hubspot']);

	await setConnectionEnabled(ctx.sandbox, 'picker-disabled', 'pipedrive', true);
	const again = await methods.searchServices.call(pickerContext({ resource: 'company' }, 'picker-disabled'));
	expect(again.results.map((r) => r.value)).toEqual(['hubspot', 'pipedrive']);
});

test('Company search filters by name on the API and pages with the cursor', async () => {
	const name = String(ctx.sandbox.records(DEMO.consumerId, 'companies')[0].name);
	const { results } = await methods.searchCompanies.call(pickerContext({ resource: 'contact' }), name);
	expect(results.length).toBeGreaterThan(0);
	for (const r of results) expect(r.name).toContain(name);
	expect(crmRequests(ctx).at(-1)!.query.filter).toEqual({ name });

	ctx.sandbox.seedRecords('picker-consumer', 'companies', 150);
	const context = pickerContext({ resource: 'company' }, 'picker-consumer');
	const first = await methods.searchCompanies.call(context);
	expect(first.results).toHaveLength(100);
	expect(first.paginationToken).toBeTruthy();
	const second = await methods.searchCompanies.call(context, undefined, first.paginationToken as string);
	expect(second.results).toHaveLength(50);
	expect(new Set([...first.results, ...second.results].map((r) => r.value)).size).toBe(150);
});

test('pickers read from the connection chosen in Service', async () => {
	await methods.searchUsers.call(pickerContext({ resource: 'contact', service: byId('pipedrive') }));
	expect(crmRequests(ctx).at(-1)!.headers['x-apideck-service-id']).toBe('pipedrive');
});

test('Stage lists the stages of the pipeline chosen next to it', async () => {
	const pipeline = ctx.sandbox.records(DEMO.consumerId, 'pipelines').find((p: any) => p.stages?.length) as any;
	const { results } = await methods.searchStages.call(
		pickerContext({ resource: 'opportunity', operation: 'create', opportunityFields: { pipelineId: byId(pipeline.id) } }),
	);
	expect(results.map((r) => r.value)).toEqual(pipeline.stages.map((s: any) => s.id));
	expect(crmRequests(ctx).at(-1)!.path).toBe(`/crm/pipelines/${pipeline.id}`);
});

test('Stage without a pipeline lists every pipeline\'s stages, labelled with the pipeline', async () => {
	const { results } = await methods.searchStages.call(pickerContext({ resource: 'opportunity', operation: 'create' }));
	const pipelines = ctx.sandbox.records(DEMO.consumerId, 'pipelines') as any[];
	expect(results).toHaveLength(pipelines.reduce((n, p) => n + (p.stages?.length ?? 0), 0));
	expect(results[0].name).toContain(' → ');
});

test('searches without an API filter narrow the page here', async () => {
	const note = ctx.sandbox.records(DEMO.consumerId, 'notes')[0] as any;
	const word = String(note.title).split(' ')[0];
	const { results } = await methods.searchNotes.call(pickerContext({ resource: 'note' }), word);
	expect(results.length).toBeGreaterThan(0);
	for (const r of results) expect(r.name.toLowerCase()).toContain(word.toLowerCase());
});
