#!/usr/bin/env node
// `npm run test:e2e`: this package inside a real n8n (2.41.1, Node 24, installed once into .cache/n8n/),
// against the local Apideck sandbox, in a throw-away n8n user folder.
//
//   1. npm pack + install into n8n's user folder the way n8n installs community packages;
//      n8n lists both node types with their icon, and offers the action node as "Apideck CRM Tool".
//      A trigger whose credentials carry a wrong API key, published twice as the editor does: each Publish
//      fails within seconds, naming the API Key, and neither n8n nor the sandbox holds a webhook afterwards.
//   2. Trigger (crm.lead.created) -> Apideck CRM (create a task activity for the new lead): activation
//      registers the webhook at the sandbox, a lead created through the API is delivered (signed) to n8n,
//      the execution succeeds and the activity exists with the lead's id and name; deactivation removes
//      the webhook.
//   3. `n8n execute --id <id> --rawOutput` of Company -> Get Many (Return All) returns every company.
//   4. Expressions evaluated by n8n's own expression engine (vm in 2.41.1) that return a Luxon DateTime,
//      an object and an array reach the API as the date, the JSON value and the list they stand for.
//   5. Polling Trigger (lead created, every minute) -> No Operation, on n8n's own schedule: activation starts
//      no execution (no backfill); 3 leads created through the API come out once each, in creation order;
//      n8n restarted on the same database replays nothing; a 4th lead then gives exactly one execution.
//      (About 2-3 minutes: n8n polls once a minute at the earliest.)
//
// Expects `npm run build` first (dist/). Prints `e2e: N passed, M failed` last; exits non-zero on failure.
// Env: E2E_KEEP=1 keeps the temp user folder; E2E_N8N_PORT picks n8n's port (default 5678, or a free one).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, ensureN8n, n8nEnv } from '../../scripts/n8n-env.mjs';
import {
	ACTION_TYPE,
	assert,
	checkRunner,
	CREDENTIAL_TYPE,
	DEFAULT_OWNER,
	deliveryFingerprint,
	fingerprintsIn,
	freePort,
	importCredentials,
	importWorkflows,
	installPackage,
	killLiveGroups,
	logger,
	n8nCli,
	N8nRest,
	packPackage,
	POLLING_TRIGGER_TYPE,
	portInUse,
	recordCommunityPackage,
	replayDelivery,
	sandboxFetch,
	restartN8n,
	signedDelivery,
	sleep,
	startN8n,
	startSandbox,
	tailFile,
	TRIGGER_TYPE,
	waitFor,
	waitForN8n,
} from '../../scripts/n8n-runtime.mjs';

const log = logger('e2e');
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------------------
// Named checks, counted (checkRunner, scripts/n8n-runtime.mjs); a failed check stops the checks that depend on it.

const { results, check, skip } = checkRunner(log);

// ---------------------------------------------------------------------------------------------------------

const CREDENTIAL = { id: 'e2eApideckCrm001', name: 'Apideck CRM (sandbox)', type: CREDENTIAL_TYPE };
const credRef = { [CREDENTIAL_TYPE]: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
const TRIGGER_WEBHOOK_ID = 'a3c1e2e0-5a1d-4b6e-9c7f-0e2e0e2e0001';

const leadFlow = {
	id: 'e2eLeadFollowUp1',
	name: 'Apideck CRM Trigger (crm.lead.created) → Apideck CRM (create an activity for the new lead)',
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	nodes: [
		{
			id: '1b7a3f7e-0001-4000-8000-00000000e2e1',
			name: 'New lead',
			type: TRIGGER_TYPE,
			// the version a new workflow gets (test:queue runs version 1, as older workflows have it)
			typeVersion: 1.1,
			position: [0, 0],
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: { events: ['crm.lead.created'] },
			credentials: credRef,
		},
		{
			id: '1b7a3f7e-0002-4000-8000-00000000e2e2',
			name: 'Follow-up task',
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				resource: 'activity',
				operation: 'create',
				activityType: 'task',
				activityFields: {
					title: '=Follow up with {{ $json.record.name }}',
					leadId: { __rl: true, mode: 'id', value: '={{ $json.entity_id }}' },
				},
			},
			credentials: credRef,
		},
	],
	connections: { 'New lead': { main: [[{ node: 'Follow-up task', type: 'main', index: 0 }]] } },
};

const companiesFlow = {
	id: 'e2eCompaniesAll1',
	name: 'Apideck CRM: every company (Get Many, Return All)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: '1b7a3f7e-0003-4000-8000-00000000e2e3',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '1b7a3f7e-0004-4000-8000-00000000e2e4',
			name: 'All companies',
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: { resource: 'company', operation: 'getAll', returnAll: true },
			credentials: credRef,
		},
	],
	connections: { Start: { main: [[{ node: 'All companies', type: 'main', index: 0 }]] } },
};

// Apideck's current API: a custom object record whose fields are mapped with the resource mapper
const customObjectFlow = {
	id: 'e2eCustomObject1',
	name: 'Apideck CRM: create a custom object record (fields mapped from its schema)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: '1b7a3f7e-0005-4000-8000-00000000e2e5',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '1b7a3f7e-0006-4000-8000-00000000e2e6',
			name: 'New project',
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				resource: 'customObject',
				operation: 'create',
				// filled in once the sandbox runs: the id of its demo "project" schema
				customObjectObjectId: { __rl: true, mode: 'list', value: '', cachedResultName: 'project' },
				customObjectValues: {
					mappingMode: 'defineBelow',
					value: { project_name: '={{ "E2E project " + $now.toMillis() }}', seats: 7, stage: 'running' },
					matchingColumns: [],
					schema: [],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
			},
			credentials: credRef,
		},
	],
	connections: { Start: { main: [[{ node: 'New project', type: 'main', index: 0 }]] } },
};

// Expressions that return values which are not text: a Luxon DateTime, an object, an array (n8n 2.41.1
// evaluates them in its vm engine and hands them back rebuilt), into a company and its first meeting
const expressionsFlow = {
	id: 'e2eExpressions01',
	name: 'Apideck CRM: DateTime, object and array values from expressions',
	active: false,
	settings: { executionOrder: 'v1', timezone: 'Europe/Berlin' },
	nodes: [
		{
			id: '1b7a3f7e-0007-4000-8000-00000000e2e7',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '1b7a3f7e-0008-4000-8000-00000000e2e8',
			name: 'Typed company',
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				resource: 'company',
				operation: 'create',
				companyName: '={{ "E2E typed " + $now.toMillis() }}',
				companyFields: {
					birthday: '={{ DateTime.fromISO("1990-05-17T23:30:00", { zone: "Pacific/Auckland" }) }}',
					tags: '={{ ["e2e", "vm"] }}',
					customFields: { values: [{ id: 'cf_profile', valueType: 'json', jsonValue: '={{ { tier: "gold", seats: [1, 2], active: true } }}' }] },
				},
			},
			credentials: credRef,
		},
		{
			id: '1b7a3f7e-0009-4000-8000-00000000e2e9',
			name: 'First meeting',
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [520, 0],
			parameters: {
				resource: 'activity',
				operation: 'create',
				activityType: 'meeting',
				activityFields: {
					companyId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					startDatetime: '={{ DateTime.fromISO("2026-03-01T10:00:00", { zone: "America/New_York" }) }}',
					endDatetime: '={{ DateTime.fromISO("2026-03-01T10:00:00", { zone: "America/New_York" }).plus({ minutes: 90 }) }}',
				},
			},
			credentials: credRef,
		},
	],
	connections: {
		Start: { main: [[{ node: 'Typed company', type: 'main', index: 0 }]] },
		'Typed company': { main: [[{ node: 'First meeting', type: 'main', index: 0 }]] },
	},
};

// The polling trigger on n8n's own schedule (every minute), its executions saved so they can be read back
const POLL_NODE = 'New lead (polling)';
const pollFlow = {
	id: 'e2ePollingLeads1',
	name: 'Apideck CRM Polling Trigger (lead created, every minute) → No Operation',
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	nodes: [
		{
			id: '1b7a3f7e-000a-4000-8000-00000000e2ea',
			name: POLL_NODE,
			type: POLLING_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'lead', event: 'created', pollTimes: { item: [{ mode: 'everyMinute' }] } },
			credentials: credRef,
		},
		{
			id: '1b7a3f7e-000b-4000-8000-00000000e2eb',
			name: 'Received',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [260, 0],
			parameters: {},
		},
	],
	connections: { [POLL_NODE]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
};

// A trigger whose credentials carry a wrong API key: publishing must fail fast, every time, and leave nothing
// behind (issue #24, defect 1)
const WRONG_KEY = 'e2e-wrong-api-key-5c1f9d';
const WRONG_KEY_CREDENTIAL = { id: 'e2eApideckBadKey', name: 'Apideck CRM (wrong API key)', type: CREDENTIAL_TYPE };
const WRONG_KEY_WEBHOOK_ID = 'a3c1e2e0-5a1d-4b6e-9c7f-0e2e0e2e0002';
const wrongKeyFlow = {
	id: 'e2eWrongApiKey01',
	name: 'Apideck CRM Trigger with a wrong API key (publishing fails)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: '1b7a3f7e-000c-4000-8000-00000000e2ec',
			name: 'New lead (wrong key)',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WRONG_KEY_WEBHOOK_ID,
			parameters: { events: ['crm.lead.created'] },
			credentials: { [CREDENTIAL_TYPE]: { id: WRONG_KEY_CREDENTIAL.id, name: WRONG_KEY_CREDENTIAL.name } },
		},
	],
	connections: {},
};

/**
 * Publishes a workflow as n8n 2.41's editor does: POST /rest/workflows/:id/activate with the version (and the
 * checksum it holds), then GET /rest/workflows/:id/publication-status until the publication is settled (the
 * editor polls it and listens for n8n's push). n8n 2.x publishes through its publication outbox: the POST
 * answers at once and the triggers are registered afterwards, so the outcome is the publication status.
 * Returns how long it took, the POST's answer, the settled status and the failed triggers' messages.
 */
async function publishAsEditor(rest, workflowId, { timeoutMs = 120_000 } = {}) {
	const wf = await rest.get(`/rest/workflows/${workflowId}`);
	const started = Date.now();
	const res = await rest.request(
		'POST',
		`/rest/workflows/${workflowId}/activate`,
		{ versionId: wf.versionId, ...(wf.checksum ? { expectedChecksum: wf.checksum } : {}) },
		{ raw: true },
	);
	const answer = await res.json().catch(() => ({}));
	// n8n with N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false (and n8n 1.x) activates within the request: a 400 is the failure
	if (!res.ok) return { ms: Date.now() - started, httpStatus: res.status, status: 'failed', messages: [answer.message], answer };
	let status;
	while (Date.now() - started < timeoutMs) {
		status = await rest.get(`/rest/workflows/${workflowId}/publication-status`);
		if (status?.status !== 'in_progress') break;
		await sleep(100);
	}
	const messages = (status?.triggers ?? []).filter((t) => t.status === 'failed').map((t) => t.errorMessage);
	return { ms: Date.now() - started, httpStatus: res.status, status: status?.status, messages, answer: answer.data ?? answer };
}

/** Deep equality of two JSON values, object key order aside. */
function sameJson(a, b) {
	const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
	return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/** Parses the JSON document `n8n execute --rawOutput` prints after any log lines. */
function parseRawOutput(stdout) {
	const starts = [];
	if (stdout.startsWith('{')) starts.push(0);
	for (let i = stdout.indexOf('\n{'); i >= 0; i = stdout.indexOf('\n{', i + 1)) starts.push(i + 1);
	for (const s of starts) {
		const end = stdout.lastIndexOf('}');
		try {
			return JSON.parse(stdout.slice(s, end + 1));
		} catch {}
	}
	throw new Error(`no JSON in n8n execute output:\n${stdout.slice(0, 2000)}`);
}

async function main() {
	const cleanups = [];
	let userFolder;
	let n8n;
	let onSignal;
	// Ctrl-C / SIGTERM: the n8n processes run in their own process groups, so take them down explicitly.
	onSignal = (sig) => {
		log(`${sig}: stopping n8n and the sandbox${userFolder ? `; user folder and log kept in ${userFolder}` : ''}`);
		killLiveGroups('SIGKILL');
		process.stdout.write(`e2e: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed\n`);
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		// ---- set-up (not counted as checks: a failure here fails the run) ----
		const install = await ensureN8n({ log });
		if (install.installedNow) log(`one-time n8n install took ${secs(install.installMs)}`);
		const tSetup = Date.now();

		const wantedPort = Number(process.env.E2E_N8N_PORT) || 5678;
		const port = (await portInUse(wantedPort)) ? await freePort() : wantedPort;
		if (port !== wantedPort) log(`port ${wantedPort} is busy; n8n uses ${port}`);

		const { sandbox, DEMO } = await startSandbox({ port: 0, webhookRetryDelaysMs: [1000, 2000, 5000], log });
		cleanups.push(() => sandbox.close());
		const api = sandboxFetch(sandbox, DEMO);
		const admin = async (p) => (await (await fetch(`${sandbox.url}${p}`)).json()).data;

		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		const logFile = path.join(userFolder, 'n8n.log');
		log(`n8n user folder: ${userFolder}`);
		log(`n8n log: ${logFile}`);
		const env = n8nEnv({ userFolder, port });

		const packed = await packPackage({ destDir: userFolder, log });
		const { pkgDir } = await installPackage({ userFolder, ...packed, log });
		await importCredentials(
			[
				{ ...CREDENTIAL, data: { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: sandbox.url } },
				{ ...WRONG_KEY_CREDENTIAL, data: { apiKey: WRONG_KEY, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: sandbox.url } },
			],
			{ env, log },
		);
		const schemas = await (await api('/crm/custom-object-schemas')).json();
		const project = schemas.data.find((x) => x.name === 'project');
		customObjectFlow.nodes[1].parameters.customObjectObjectId.value = project.id;
		await importWorkflows([leadFlow, companiesFlow, customObjectFlow, expressionsFlow, pollFlow, wrongKeyFlow], { env, log });
		await recordCommunityPackage({ userFolder, pkgDir, log });

		n8n = startN8n({ env, logFile, log });
		const settings = await waitForN8n(n8n, { timeoutMs: 120_000 });
		let rest = new N8nRest(n8n.baseUrl); // replaced when the polling check restarts n8n
		await rest.ensureOwner(DEFAULT_OWNER, settings);
		log(`n8n ready at ${n8n.baseUrl} (set-up ${secs(Date.now() - tSetup)})`);

		// ---- 1. the package in n8n ----
		const typesOk = await check('n8n lists the three node types of the installed package, with their icon', async () => {
			const res = await rest.request('GET', '/types/nodes.json', undefined, { raw: true });
			assert(res.ok, `GET /types/nodes.json -> ${res.status}`);
			const types = await res.json();
			const shown = [];
			for (const name of [ACTION_TYPE, TRIGGER_TYPE, POLLING_TRIGGER_TYPE]) {
				const desc = types.find((t) => t.name === name);
				assert(desc, `${name} is not in /types/nodes.json (the package's node types: ${types.filter((t) => t.name.startsWith('n8n-nodes-apideck-crm.')).map((t) => t.name).join(', ') || 'none'})`);
				const iconUrl = typeof desc.iconUrl === 'string' ? desc.iconUrl : desc.iconUrl?.light;
				assert(iconUrl, `${name} has no iconUrl (icon: ${JSON.stringify(desc.icon)})`);
				const icon = await fetch(`${n8n.baseUrl}/${iconUrl.replace(/^\//, '')}`);
				const body = await icon.text();
				assert(icon.ok && body.includes('<svg'), `icon ${iconUrl} -> ${icon.status} ${icon.headers.get('content-type')}`);
				if (typeof desc.iconUrl === 'object' && desc.iconUrl.dark) {
					const dark = await fetch(`${n8n.baseUrl}/${desc.iconUrl.dark.replace(/^\//, '')}`);
					assert(dark.ok, `dark icon ${desc.iconUrl.dark} -> ${dark.status}`);
				}
				shown.push(`${name.split('.')[1]} v${desc.version}`);
			}
			const creds = await (await rest.request('GET', '/types/credentials.json', undefined, { raw: true })).json();
			assert(creds.some((c) => c.name === CREDENTIAL_TYPE), `credential type ${CREDENTIAL_TYPE} is not in /types/credentials.json`);
			return shown.join(', ');
		});

		await check('Settings → Community nodes lists the package with its three nodes, loaded', async () => {
			const packages = await rest.get('/rest/community-packages');
			const mine = (packages ?? []).find((p) => p.packageName === 'n8n-nodes-apideck-crm');
			assert(mine, `not listed: ${JSON.stringify(packages)}`);
			const types = mine.installedNodes.map((n) => n.type).sort();
			assert(JSON.stringify(types) === JSON.stringify([ACTION_TYPE, POLLING_TRIGGER_TYPE, TRIGGER_TYPE].sort()), `installed nodes ${JSON.stringify(types)}`);
			assert(mine.failedLoading === false, `failedLoading ${mine.failedLoading}`);
			return `${mine.packageName}@${mine.installedVersion}: ${mine.installedNodes.map((n) => n.name).join(', ')}`;
		});

		// ---- 1b. the editor's pickers and field mapper, through n8n's REST API as the editor calls them ----
		if (typesOk) {
			await check("the editor lists custom objects and maps a custom object's fields from its schema", async () => {
				const nodeTypeAndVersion = { name: ACTION_TYPE, version: 1 };
				const picked = await rest.post('/rest/dynamic-node-parameters/resource-locator-results', {
					path: 'parameters.customObjectObjectId',
					methodName: 'searchCustomObjectSchemas',
					nodeTypeAndVersion,
					currentNodeParameters: { resource: 'customObject', operation: 'create' },
					credentials: credRef,
				});
				const names = (picked.results ?? []).map((r) => r.name);
				assert(names.includes('project'), `the Object picker lists ${JSON.stringify(names)}`);
				const mapper = await rest.post('/rest/dynamic-node-parameters/resource-mapper-fields', {
					path: 'parameters.customObjectValues',
					methodName: 'getCustomObjectFields',
					nodeTypeAndVersion,
					currentNodeParameters: {
						resource: 'customObject',
						operation: 'create',
						customObjectObjectId: { __rl: true, mode: 'list', value: project.id },
					},
					credentials: credRef,
				});
				const fields = mapper.fields ?? [];
				const expected = project.fields.map((f) => f.name);
				assert(JSON.stringify(fields.map((f) => f.id)) === JSON.stringify(expected), `mapper fields ${JSON.stringify(fields.map((f) => f.id))}, schema fields ${JSON.stringify(expected)}`);
				const by = Object.fromEntries(fields.map((f) => [f.id, f]));
				assert(by.project_name.required === true && by.project_name.type === 'string', `project_name: ${JSON.stringify(by.project_name)}`);
				assert(by.stage.type === 'options' && by.stage.options.length === 3, `stage: ${JSON.stringify(by.stage)}`);
				assert(by.start_date.type === 'dateTime' && by.seats.type === 'number' && by.billable.type === 'boolean', 'date, number and boolean types');
				return `${fields.length} fields: ${fields.map((f) => `${f.id}:${f.type}`).join(', ')}`;
			});
		} else skip("the editor lists custom objects and maps a custom object's fields from its schema", 'node types missing');

		await check("n8n's credential test: passes with the sandbox credentials, fails with a consumer that has no CRM connection", async () => {
			const test = async (data) =>
				rest.post('/rest/credentials/test', { credentials: { id: CREDENTIAL.id, name: CREDENTIAL.name, type: CREDENTIAL_TYPE, data } });
			const base = { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: sandbox.url };
			const good = await test(base);
			assert(good?.status === 'OK', `good credentials: ${JSON.stringify(good)}`);
			const mistyped = await test({ ...base, consumerId: `mistyped-${Date.now()}` });
			assert(mistyped?.status === 'Error' && /no CRM connection/.test(mistyped.message ?? ''), `mistyped consumer: ${JSON.stringify(mistyped)}`);
			const wrongKey = await test({ ...base, apiKey: 'not-the-key' });
			assert(wrongKey?.status === 'Error', `wrong key: ${JSON.stringify(wrongKey)}`);
			assert(!JSON.stringify(wrongKey).includes('not-the-key'), 'the credential test answer shows the key');
			return `OK; mistyped consumer: "${mistyped.message}"; wrong key: "${String(wrongKey.message).slice(0, 80)}"`;
		});

		await check('n8n offers the action node to AI agents as "Apideck CRM Tool", with Create or Update and Simplify', async () => {
			const types = await (await rest.request('GET', '/types/nodes.json', undefined, { raw: true })).json();
			const tool = types.find((t) => t.name === `${ACTION_TYPE}Tool`);
			assert(tool, `${ACTION_TYPE}Tool is not in /types/nodes.json`);
			assert(tool.displayName === 'Apideck CRM Tool', `displayName "${tool.displayName}"`);
			assert(JSON.stringify(tool.outputs) === JSON.stringify(['ai_tool']), `outputs ${JSON.stringify(tool.outputs)}`);
			const upserts = tool.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options.filter((o) => o.value === 'upsert').map((o) => o.action));
			assert(upserts.length === 3, `Create or Update on ${upserts.length} resources: ${upserts.join(', ')}`);
			assert(tool.properties.some((p) => p.name === 'simplify' && p.default === true), 'no Simplify parameter (on by default)');
			return `${tool.displayName}: ${upserts.join(', ')}`;
		});

		// ---- 1c. publishing a trigger whose API key is wrong (issue #24, defect 1) ----
		if (typesOk) {
			await check('publishing a trigger whose API key is wrong fails within seconds, twice, naming the API key, and registers nothing', async () => {
				const wrongUrl = `http://127.0.0.1:${port}/webhook/${WRONG_KEY_WEBHOOK_ID}/webhook`;
				const seen = [];
				const problems = [];
				try {
					// both attempts run before anything is asserted, so a failure shows what each did
					for (const attempt of [1, 2]) {
						const since = Date.now();
						const published = await publishAsEditor(rest, wrongKeyFlow.id);
						const webhookRequests = (await admin('/_sandbox/requests')).filter((q) => q.path.startsWith('/webhook/') && (q.at ?? 0) >= since);
						const hooks = (await admin('/_sandbox/webhooks')).filter((h) => h.delivery_url === wrongUrl);
						// n8n serves a production webhook URL only while it holds a registration for it (404 otherwise)
						const served = await fetch(wrongUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
						const wf = await rest.get(`/rest/workflows/${wrongKeyFlow.id}`);
						const what = `publish ${attempt}: ${secs(published.ms)}, status ${published.status}, ${webhookRequests.length} Webhook API request(s) (${[...new Set(webhookRequests.map((q) => `${q.method} ${q.status}`))].join(', ')}), active ${wf.active}, n8n answers the trigger's URL ${served.status}, message ${JSON.stringify(published.messages)}`;
						seen.push(what);
						const message = published.messages.join(' ');
						const fail = (problem) => problems.push(`publish ${attempt}: ${problem}`);
						if (published.status !== 'failed') fail(`the publication did not fail (status ${published.status})`);
						if (!/API Key/.test(message) || !/Apideck CRM API credentials/.test(message)) fail('the message does not name the API Key of the Apideck CRM API credentials');
						if (!/Invalid API key/.test(message)) fail("the message lacks Apideck's detail");
						if (JSON.stringify(published).includes(WRONG_KEY)) fail("the API key is in n8n's answer");
						if (published.ms >= 5000) fail(`took ${secs(published.ms)} (5 s at most)`);
						if (webhookRequests.length > 3 || webhookRequests.some((q) => q.status !== 401)) {
							fail(`requests at the Webhook API: ${webhookRequests.map((q) => `${q.method} ${q.path} ${q.status}`).join(', ')}`);
						}
						if (hooks.length > 0) fail(`webhooks at the sandbox: ${JSON.stringify(hooks)}`);
						if (served.status !== 404) fail(`n8n still serves the trigger's production URL (${served.status}): it holds a webhook registration`);
					}
					if (fs.readFileSync(logFile, 'utf8').includes(WRONG_KEY)) problems.push('the API key is in the n8n log');
				} finally {
					await rest.deactivateWorkflow(wrongKeyFlow.id).catch(() => {});
				}
				assert(problems.length === 0, `${problems.join('; ')}\n      ${seen.join('\n      ')}`);
				return seen.join('; ');
			});
		} else skip('publishing a trigger whose API key is wrong fails within seconds, twice, naming the API key, and registers nothing', 'node types missing');

		// ---- 2. trigger -> action through a real webhook delivery ----
		const deliveryUrl = `http://127.0.0.1:${port}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		let activated = false;
		if (typesOk) {
			activated = await check('activating the trigger workflow leaves one webhook at the sandbox, a leftover on its URL updated', async () => {
				// A leftover on the trigger's URL for other events (its ID lost): saved disabled, as n8n answers the
				// ping 404 while the workflow is inactive, then switched on again.
				const leftover = (await (await api('/webhook/webhooks', {
					method: 'POST',
					body: JSON.stringify({ unified_api: 'crm', status: 'enabled', delivery_url: deliveryUrl, events: ['crm.lead.deleted'] }),
				})).json()).data;
				await api(`/webhook/webhooks/${leftover.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'enabled' }) });
				await rest.activateWorkflow(leadFlow.id);
				// n8n 2.x publishes asynchronously (publication outbox): the trigger's create() runs shortly after.
				let hooks = [];
				const mine = await waitFor(
					'the webhook registration',
					async () => {
						hooks = await admin('/_sandbox/webhooks');
						const found = hooks.filter((h) => h.delivery_url === deliveryUrl);
						return found.length && !found.some((h) => h.events.includes('crm.lead.deleted')) ? found : undefined;
					},
					{ timeoutMs: 30_000 },
				).catch(async (err) => {
					const status = await rest.get(`/rest/workflows/${leadFlow.id}/publication-status`).catch((e) => e.message);
					throw new Error(`${err.message}; webhooks at the sandbox: ${JSON.stringify(hooks)}; n8n publication status: ${JSON.stringify(status)}`);
				});
				assert(mine.length === 1, `expected one webhook with delivery_url ${deliveryUrl}, got: ${JSON.stringify(hooks)}`);
				assert(mine[0].status === 'enabled', `webhook is ${mine[0].status} (${mine[0].disabled_reason})`);
				assert(JSON.stringify(mine[0].events) === JSON.stringify(['crm.lead.created']), `events ${JSON.stringify(mine[0].events)}`);
				assert(mine[0].unified_api === 'crm', `unified_api ${mine[0].unified_api}`);
				assert(mine[0].id === leftover.id, `the leftover ${leftover.id} was not the one kept (${mine[0].id})`);
				return `webhook ${mine[0].id} (the leftover, events updated) -> ${deliveryUrl}`;
			});
		} else skip('activating the trigger workflow leaves one webhook at the sandbox, a leftover on its URL updated', 'node types missing');

		let first; // the lead and its delivery, for the replays
		if (activated) {
			const firstOk = await check('a new lead is delivered to n8n and the workflow creates its follow-up activity', async () => {
				const name = `E2E Lead ${Date.now().toString(36)}`;
				const res = await api('/crm/leads', { method: 'POST', body: JSON.stringify({ name, company_name: 'E2E Testing Inc' }) });
				const created = await res.json();
				assert(res.status === 201 || res.status === 200, `POST /crm/leads -> ${res.status} ${JSON.stringify(created)}`);
				const leadId = created.data.id;

				const execution = await waitFor(
					'a finished execution of the trigger workflow',
					async () => (await rest.executions(leadFlow.id)).find((e) => e.finished || ['success', 'error', 'crashed'].includes(e.status)),
					{ timeoutMs: 60_000 },
				);
				if (execution.status !== 'success') {
					const full = await rest.get(`/rest/executions/${execution.id}`).catch(() => undefined);
					throw new Error(`execution ${execution.id} ended with status ${execution.status}: ${String(full?.data ?? '').slice(0, 1500)}`);
				}
				const deliveries = (await admin('/_sandbox/deliveries')).filter((d) => d.url === deliveryUrl);
				const leadDelivery = deliveries.find((d) => d.eventType === 'crm.lead.created');
				assert(leadDelivery, `no crm.lead.created delivery to ${deliveryUrl}: ${JSON.stringify(deliveries.map((d) => [d.eventType, d.status]))}`);
				assert(leadDelivery.status >= 200 && leadDelivery.status < 300, `n8n answered the delivery with ${leadDelivery.status}`);
				assert(leadDelivery.headers['x-apideck-signature'], 'the delivery was not signed');

				const activities = await admin(`/_sandbox/records?consumerId=${DEMO.consumerId}&resource=activities`);
				const mine = activities.filter((a) => a.lead_id === leadId);
				assert(mine.length === 1, `expected one activity with lead_id ${leadId}, found ${mine.length}`);
				assert(String(mine[0].title).includes(name), `activity title "${mine[0].title}" does not contain "${name}"`);
				assert(mine[0].type === 'task', `activity type ${mine[0].type}`);

				// the subscription's validation ping must not have started a run: exactly one execution
				await sleep(500);
				const all = await rest.executions(leadFlow.id);
				assert(all.length === 1, `expected 1 execution, found ${all.length}`);
				first = { leadId, delivery: leadDelivery };
				return `lead ${leadId} -> execution ${execution.id} -> activity ${mine[0].id} "${mine[0].title}"`;
			});

			// ---- once per event: Apideck's retries and duplicated deliveries (issue 10) ----
			const replay = (delivery, url = deliveryUrl) => replayDelivery(delivery, url);
			const activitiesOf = async (leadId) =>
				(await admin(`/_sandbox/records?consumerId=${DEMO.consumerId}&resource=activities`)).filter((a) => a.lead_id === leadId);
			/** A lead added without an event (admin seed) and a signed crm.lead.created delivery for it. */
			const freshDelivery = async () => {
				const seeded = await fetch(`${sandbox.url}/_sandbox/seed`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ consumerId: DEMO.consumerId, resource: 'leads', count: 1 }),
				});
				assert(seeded.ok, `POST /_sandbox/seed -> ${seeded.status}`);
				const lead = { id: (await seeded.json()).ids[0] };
				const delivery = signedDelivery({ sandboxUrl: sandbox.url, apiKey: DEMO.apiKey, consumerId: DEMO.consumerId, entityId: lead.id });
				return { lead, delivery };
			};
			/** Waits until n8n has finished every execution it started, then counts them. */
			const settledExecutions = async () => {
				await sleep(1500);
				const list = await waitFor('running executions to finish', async () => {
					const l = await rest.executions(leadFlow.id);
					return l.every((e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status)) ? l : undefined;
				});
				return list;
			};

			if (firstOk) {
				await check('the same delivery replayed 3 times in sequence (same body, signature, key) starts no run', async () => {
					const answers = [];
					for (let i = 0; i < 3; i++) {
						answers.push((await replay(first.delivery)).status);
						await sleep(1000);
					}
					const executions = await settledExecutions();
					const activities = await activitiesOf(first.leadId);
					assert(answers.every((s) => s === 200), `n8n answered ${answers.join(', ')}`);
					assert(executions.length === 1, `expected 1 execution after 3 sequential replays, found ${executions.length}`);
					assert(activities.length === 1, `expected 1 follow-up activity, found ${activities.length}`);
					const wf = await rest.get(`/rest/workflows/${leadFlow.id}`);
					const saved = JSON.stringify(wf.staticData ?? {});
					const print = deliveryFingerprint(first.delivery.headers['x-apideck-idempotency-key']);
					assert(fingerprintsIn(wf.staticData).has(print), `the delivery key's fingerprint ${print} is not in the static data n8n saved: ${saved.slice(0, 300)}`);
					return `answers ${answers.join(', ')}; executions 1; activities 1; key saved in n8n's database`;
				});

				await check('the same delivery replayed 3 times at once starts no run', async () => {
					const answers = await Promise.all([1, 2, 3].map(() => replay(first.delivery)));
					const executions = await settledExecutions();
					const activities = await activitiesOf(first.leadId);
					assert(answers.every((a) => a.status === 200), `n8n answered ${answers.map((a) => a.status).join(', ')}`);
					assert(executions.length === 1, `expected 1 execution after 3 concurrent replays, found ${executions.length}`);
					assert(activities.length === 1, `expected 1 follow-up activity, found ${activities.length}`);
					return `answers ${answers.map((a) => a.status).join(', ')}; executions 1; activities 1`;
				});

				await check('a new delivery arriving 3 times at once starts exactly one run', async () => {
					// a lead added without an event (admin seed), then one signed event for it, sent three times at once
					const { lead, delivery } = await freshDelivery();
					const answers = await Promise.all([1, 2, 3].map(() => replay(delivery)));
					const executions = await settledExecutions();
					const activities = await activitiesOf(lead.id);
					assert(answers.every((a) => a.status === 200), `n8n answered ${answers.map((a) => a.status).join(', ')}`);
					assert(executions.length === 2, `expected 2 executions in all (1 new), found ${executions.length}`);
					assert(activities.length === 1, `expected 1 follow-up activity for the new lead, found ${activities.length}`);
					return `answers ${answers.map((a) => a.status).join(', ')}; 1 new execution; 1 activity`;
				});

				await check('forged deliveries (signed with another key, or a changed body) get 401 and start nothing; the genuine one then runs once', async () => {
					const { lead, delivery } = await freshDelivery();
					const other = signedDelivery({ sandboxUrl: sandbox.url, apiKey: 'not-the-api-key', consumerId: DEMO.consumerId, entityId: lead.id, key: delivery.headers['x-apideck-idempotency-key'] });
					const tampered = { ...delivery, body: { payload: { ...delivery.body.payload, entity_id: first.leadId } } };
					const before = (await settledExecutions()).length;
					const forged = [(await replay(other)).status, (await replay(tampered)).status];
					const afterForged = (await settledExecutions()).length;
					assert(forged.every((s) => s === 401), `n8n answered the forged deliveries ${forged.join(', ')}`);
					assert(afterForged === before, `forged deliveries started ${afterForged - before} runs`);
					// the forged copies carried the genuine key: it must not have been taken
					const genuine = (await replay(delivery)).status;
					const afterGenuine = (await settledExecutions()).length;
					const activities = await activitiesOf(lead.id);
					assert(genuine === 200, `n8n answered the genuine delivery ${genuine}`);
					assert(afterGenuine === before + 1, `expected 1 run for the genuine delivery, found ${afterGenuine - before}`);
					assert(activities.length === 1, `expected 1 follow-up activity, found ${activities.length}`);
					return `forged: ${forged.join(', ')}, 0 runs; genuine: ${genuine}, 1 run, 1 activity`;
				});
			} else {
				for (const name of ['sequential replays', 'concurrent replays', 'new delivery 3 times at once', 'forged deliveries']) skip(name, 'the first delivery failed');
			}

			await check('deactivating the workflow deletes the webhook at the sandbox', async () => {
				await rest.deactivateWorkflow(leadFlow.id);
				let left = [];
				await waitFor(
					'the webhook to be deleted',
					async () => {
						left = (await admin('/_sandbox/webhooks')).filter((h) => h.delivery_url === deliveryUrl);
						return left.length === 0;
					},
					{ timeoutMs: 30_000 },
				).catch((err) => {
					throw new Error(`${err.message}; still registered: ${JSON.stringify(left)}`);
				});
			});

			await check('"Listen for test event": a delivery to the test URL, 3 copies at once, starts one run; then the test webhook is gone', async () => {
				const testUrl = `http://127.0.0.1:${port}/webhook-test/${TRIGGER_WEBHOOK_ID}/webhook`;
				const started = await rest.post(`/rest/workflows/${leadFlow.id}/run`, { triggerToStartFrom: { name: 'New lead' } });
				assert(started?.waitingForWebhook === true, `n8n did not start listening: ${JSON.stringify(started)}`);
				await waitFor('the test webhook registration', async () =>
					(await admin('/_sandbox/webhooks')).some((h) => h.delivery_url === testUrl && h.status === 'enabled'),
				{ timeoutMs: 30_000 });
				const before = (await rest.executions(leadFlow.id)).length;
				const { lead, delivery } = await freshDelivery();
				const answers = await Promise.all([1, 2, 3].map(() => replay(delivery, testUrl)));
				const executions = await settledExecutions();
				const activities = await activitiesOf(lead.id);
				await sleep(1000);
				const replayed = await replay(delivery, testUrl);
				const left = (await admin('/_sandbox/webhooks')).filter((h) => h.delivery_url === testUrl);
				assert(answers.every((a) => a.status === 200), `n8n answered ${answers.map((a) => a.status).join(', ')}`);
				assert(executions.length === before + 1, `expected 1 new (manual) execution, found ${executions.length - before}`);
				assert(activities.length === 1, `expected 1 follow-up activity for the lead, found ${activities.length}`);
				assert(replayed.status === 404, `a later replay to the test URL got ${replayed.status}, expected 404 (listener closed)`);
				assert(left.length === 0, `the test webhook is still registered: ${JSON.stringify(left)}`);
				return `answers ${answers.map((a) => a.status).join(', ')}; 1 run; replay afterwards ${replayed.status}; test webhook removed`;
			});
		} else {
			skip('a new lead is delivered to n8n and the workflow creates its follow-up activity', 'activation failed');
			skip('deactivating the workflow deletes the webhook at the sandbox', 'activation failed');
		}

		// ---- 2b. the polling trigger on n8n's own schedule (every minute), across a restart of n8n ----
		if (typesOk) {
			await check('Polling Trigger (lead created, every minute): activation emits nothing; 3 new leads once each, in order; an n8n restart replays nothing; a 4th lead runs once', async () => {
				const tCheck = Date.now();
				const at = (ms) => `+${((ms - tCheck) / 1000).toFixed(0)} s`;
				/** The trigger's list reads (newest first) at the sandbox since `since` (epoch ms). */
				const listReads = async (since = 0) =>
					(await admin('/_sandbox/requests')).filter(
						(q) => q.method === 'GET' && q.path === '/crm/leads' && q.query?.sort?.by === 'created_at' && (q.at ?? 0) >= since,
					);
				const isDone = (e) => !['new', 'running', 'waiting'].includes(e.status);
				const emittedBy = new Map(); // execution id -> { id, mode, status, ids, items }
				/** The workflow's executions, oldest first, each finished one with the items the trigger emitted. */
				const executions = async () => {
					const list = (await rest.executions(pollFlow.id)).slice().sort((a, b) => Number(a.id) - Number(b.id));
					for (const e of list.filter(isDone)) {
						if (emittedBy.has(e.id)) continue;
						const full = await rest.execution(e.id);
						const items = (full.data?.resultData?.runData?.[POLL_NODE]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json);
						emittedBy.set(e.id, { id: e.id, mode: full.mode, status: full.status, error: full.data?.resultData?.error?.message, items, ids: items.map((j) => j.entity_id) });
					}
					return { list, done: list.filter(isDone).map((e) => emittedBy.get(e.id)) };
				};
				const describe = (runs) => runs.map((r) => `#${r.id} ${r.mode}/${r.status} [${r.ids.join(', ')}]${r.error ? ` (${r.error})` : ''}`).join('; ') || 'none';
				const staticData = async () => (await rest.get(`/rest/workflows/${pollFlow.id}`)).staticData ?? null;
				const createLead = async (name) => {
					const res = await api('/crm/leads', { method: 'POST', body: JSON.stringify({ name, company_name: 'E2E Polling Inc' }) });
					const body = await res.json();
					assert(res.status === 201 || res.status === 200, `POST /crm/leads -> ${res.status} ${JSON.stringify(body)}`);
					return { id: body.data.id, name, createdAt: Date.now() };
				};
				/** Waits until the finished executions carry every one of `ids` and none is still running. */
				const waitForLeads = async (ids, what) => {
					let seen = { list: [], done: [] };
					await waitFor(
						what,
						async () => {
							seen = await executions();
							const got = seen.done.flatMap((r) => r.ids);
							return seen.list.length === seen.done.length && ids.every((id) => got.includes(id));
						},
						{ timeoutMs: 150_000, intervalMs: 2000 },
					).catch(async (err) => {
						const reads = (await listReads(tCheck)).map((q) => `${at(q.at)} ${q.status}`).join(', ');
						throw new Error(`${err.message}; executions: ${describe(seen.done)}; the trigger's list reads: ${reads}`);
					});
					// a second execution for the same poll would show up now
					await sleep(3000);
					return executions();
				};
				const leadsNow = async () => (await admin(`/_sandbox/records?consumerId=${DEMO.consumerId}&resource=leads`)).length;

				try {
					// 1-2. activation: the first poll only sets the starting point
					const existing = await leadsNow();
					const tActivate = Date.now();
					await rest.activateWorkflow(pollFlow.id);
					const firstRead = await waitFor('the activation poll (GET /crm/leads, newest first)', async () => (await listReads(tActivate))[0], { timeoutMs: 30_000 });
					assert(firstRead.status === 200, `the activation poll got ${firstRead.status}`);
					await sleep(3000);
					const afterActivation = await executions();
					assert(afterActivation.list.length === 0, `activation started ${afterActivation.list.length} execution(s) (backfill of the ${existing} leads already there?): ${describe(afterActivation.done)}`);

					// 3-4. three leads, emitted on the next poll(s), each once, oldest first
					const stamp = Date.now().toString(36);
					const three = [];
					for (let i = 1; i <= 3; i++) {
						three.push(await createLead(`E2E Poll Lead ${i} ${stamp}`));
						await sleep(50); // distinct created_at values
					}
					const ids3 = three.map((l) => l.id);
					const first = await waitForLeads(ids3, 'executions carrying the 3 new leads');
					const bad = first.done.filter((r) => r.status !== 'success' || r.mode !== 'trigger');
					assert(bad.length === 0, `executions not successful trigger runs: ${describe(bad)}`);
					const items = first.done.flatMap((r) => r.items);
					const emittedIds = items.map((j) => j.entity_id);
					for (const lead of three) {
						const mine = items.filter((j) => j.entity_id === lead.id);
						assert(mine.length === 1, `lead ${lead.id} was emitted ${mine.length} times: ${describe(first.done)}`);
						assert(mine[0].event_type === 'crm.lead.created' && mine[0].record?.id === lead.id && mine[0].record?.name === lead.name, `the item of lead ${lead.id}: ${JSON.stringify(mine[0]).slice(0, 400)}`);
					}
					const others = emittedIds.filter((id) => !ids3.includes(id));
					assert(others.length === 0, `leads that were there before activation were emitted: ${others.join(', ')}`);
					assert(JSON.stringify(emittedIds) === JSON.stringify(ids3), `emitted in the order ${emittedIds.join(', ')}, created ${ids3.join(', ')}`);
					const carriers = first.done.filter((r) => r.ids.length > 0);
					const perLead = three.map((l) => `${l.id} in #${carriers.find((r) => r.ids.includes(l.id)).id}`).join(', ');
					log(`polling: 3 leads -> ${carriers.length} execution(s): ${describe(first.done)}`);
					const staticBefore = await staticData();

					// 5. restart n8n on the same database; its next poll(s) must replay nothing
					const restarted = await restartN8n(n8n, { log });
					n8n = restarted.n8n;
					rest = new N8nRest(n8n.baseUrl);
					await rest.ensureOwner(DEFAULT_OWNER, restarted.settings);
					let readsAfter = [];
					await waitFor('a poll after the restart (GET /crm/leads, newest first)', async () => {
						readsAfter = await listReads(restarted.startedAt);
						return readsAfter.length > 0;
					}, { timeoutMs: 90_000, intervalMs: 1000 });
					await sleep(5000);
					readsAfter = await listReads(restarted.startedAt);
					const afterRestart = await executions();
					const replayed = afterRestart.done.filter((r) => !first.done.some((f) => f.id === r.id));
					const staticAfter = await staticData();
					log(`polling: static data after the restart${JSON.stringify(staticAfter) === JSON.stringify(staticBefore) ? ' (unchanged)' : ''}: ${JSON.stringify(staticAfter)}`);
					assert(
						afterRestart.list.length === first.list.length,
						`after the restart: ${afterRestart.list.length - first.list.length} more execution(s): ${describe(replayed)}; static data before the restart ${JSON.stringify(staticBefore)}, after ${JSON.stringify(staticAfter)}; list reads after the restart: ${readsAfter.map((q) => `${at(q.at)} ${q.status}`).join(', ')}`,
					);
					assert(readsAfter.every((q) => q.status === 200), `polls after the restart got ${readsAfter.map((q) => q.status).join(', ')}`);

					// 6. a 4th lead: exactly one more execution, with only that lead
					const fourth = await createLead(`E2E Poll Lead 4 ${stamp}`);
					const last = await waitForLeads([fourth.id], 'an execution carrying the 4th lead');
					const fresh = last.done.filter((r) => !afterRestart.done.some((f) => f.id === r.id));
					assert(fresh.length === 1, `expected 1 more execution for the 4th lead, found ${fresh.length}: ${describe(fresh)}`);
					assert(fresh[0].status === 'success' && fresh[0].mode === 'trigger', `the 4th lead's execution: ${describe(fresh)}`);
					assert(JSON.stringify(fresh[0].ids) === JSON.stringify([fourth.id]), `the 4th lead's execution carried [${fresh[0].ids.join(', ')}], expected [${fourth.id}]`);

					const reads = (await listReads(tActivate)).map((q) => at(q.at)).join(', ');
					return (
						`activation: 0 executions (${existing} leads already there); 3 leads -> ${carriers.length} execution(s) (${perLead}), in creation order; ` +
						`restart (stopped ${secs(restarted.stoppedMs)}, ready ${secs(restarted.readyMs)}), ${readsAfter.length} poll(s) after it: 0 executions; ` +
						`4th lead ${fourth.id} -> #${fresh[0].id} alone; the trigger's list reads at ${reads}`
					);
				} finally {
					await rest.deactivateWorkflow(pollFlow.id).catch(() => {});
				}
			});
		} else skip('Polling Trigger (lead created, every minute): activation, 3 new leads, an n8n restart, a 4th lead', 'node types missing');

		// ---- 3. n8n execute (CLI) with Return All; n8n start is stopped first so the CLI owns the database ----
		await n8n.stop();
		await check('n8n execute: Company -> Get Many (Return All) returns every company of the demo consumer', async () => {
			// more than Apideck's largest page (200), so Return All has to follow the cursor
			const seeded = await fetch(`${sandbox.url}/_sandbox/seed`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ consumerId: DEMO.consumerId, resource: 'companies', count: 250 }),
			});
			assert(seeded.ok, `POST /_sandbox/seed -> ${seeded.status} ${await seeded.text()}`);
			await fetch(`${sandbox.url}/_sandbox/reset-requests`, { method: 'POST' });
			const r = await n8nCli(['execute', `--id=${companiesFlow.id}`, '--rawOutput'], { env, timeoutMs: 120_000 });
			const pages = (await admin('/_sandbox/requests')).filter((q) => q.method === 'GET' && q.path === '/crm/companies').length;
			if (r.code !== 0) throw new Error(`n8n execute exited ${r.code}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
			const run = parseRawOutput(r.stdout);
			const items = run.data.resultData.runData['All companies'][0].data.main[0].map((i) => i.json);

			// what the sandbox holds, counted through the API's own pages
			const expected = [];
			let cursor;
			do {
				const res = await api(`/crm/companies?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
				const page = await res.json();
				assert(res.ok, `GET /crm/companies -> ${res.status}`);
				expected.push(...page.data.map((c) => c.id));
				cursor = page.meta?.cursors?.next;
			} while (cursor);
			assert(expected.length > 200, `the sandbox has only ${expected.length} companies: nothing to paginate`);
			const got = items.map((c) => c.id);
			assert(got.length === expected.length, `got ${got.length} companies, the sandbox has ${expected.length}`);
			assert(new Set(got).size === got.length, 'duplicate companies in the output');
			const missing = expected.filter((id) => !got.includes(id));
			assert(missing.length === 0, `missing companies: ${missing.slice(0, 5).join(', ')}`);
			assert(pages >= 2, `the node fetched ${pages} page(s) for ${got.length} companies`);
			return `${got.length} companies in ${pages} pages, ${secs(r.ms)}`;
		});
		await check('n8n execute: Custom Object -> Create sends the mapped fields, typed by the schema', async () => {
			await fetch(`${sandbox.url}/_sandbox/reset-requests`, { method: 'POST' });
			const r = await n8nCli(['execute', `--id=${customObjectFlow.id}`, '--rawOutput'], { env, timeoutMs: 120_000 });
			if (r.code !== 0) throw new Error(`n8n execute exited ${r.code} (signal ${r.signal}):\n${r.stdout.slice(-300)}\n${r.stderr.slice(-3000)}`);
			const run = parseRawOutput(r.stdout);
			const [item] = run.data.resultData.runData['New project'][0].data.main[0].map((i) => i.json);
			const posted = (await admin('/_sandbox/requests')).filter((q) => q.method === 'POST' && q.path === `/crm/custom-objects/${project.id}`);
			assert(posted.length === 1, `expected one POST, saw ${posted.length}`);
			const sent = Object.fromEntries(posted[0].body.fields.map((f) => [f.name, f.value]));
			assert(/^E2E project \d+$/.test(sent.project_name) && sent.seats === '7' && sent.stage === 'running', `sent ${JSON.stringify(posted[0].body)}`);
			const stored = await (await api(`/crm/custom-objects/${project.id}/${item.id}`)).json();
			assert(stored.data?.id === item.id, `GET the new record -> ${JSON.stringify(stored).slice(0, 300)}`);
			return `record ${item.id}: ${JSON.stringify(posted[0].body.fields)}`;
		});
		await check("n8n execute: expressions returning a DateTime, an object and an array reach Apideck as a date, JSON and a list", async () => {
			await fetch(`${sandbox.url}/_sandbox/reset-requests`, { method: 'POST' });
			const r = await n8nCli(['execute', `--id=${expressionsFlow.id}`, '--rawOutput'], { env, timeoutMs: 120_000 });
			if (r.code !== 0) throw new Error(`n8n execute exited ${r.code} (signal ${r.signal}):\n${r.stdout.slice(-300)}\n${r.stderr.slice(-3000)}`);
			const run = parseRawOutput(r.stdout);
			const [company] = run.data.resultData.runData['Typed company'][0].data.main[0].map((i) => i.json);
			const [meeting] = run.data.resultData.runData['First meeting'][0].data.main[0].map((i) => i.json);
			const writes = (await admin('/_sandbox/requests')).filter((q) => q.method === 'POST');
			assert(writes.length === 2, `expected two POSTs, saw ${writes.map((q) => q.path).join(', ')}`);
			const [companyBody, meetingBody] = writes.map((q) => q.body);
			const expectedCompany = {
				name: companyBody.name,
				birthday: '1990-05-17',
				tags: ['e2e', 'vm'],
				custom_fields: [{ id: 'cf_profile', value: { tier: 'gold', seats: [1, 2], active: true } }],
			};
			assert(/^E2E typed \d+$/.test(companyBody.name), `company name ${JSON.stringify(companyBody.name)}`);
			assert(sameJson(companyBody, expectedCompany), `company body ${JSON.stringify(companyBody)}`);
			const expectedMeeting = { type: 'meeting', company_id: company.id, start_datetime: '2026-03-01T15:00:00.000Z', end_datetime: '2026-03-01T16:30:00.000Z' };
			assert(sameJson(meetingBody, expectedMeeting), `activity body ${JSON.stringify(meetingBody)}`);
			assert(typeof meeting?.id === 'string', `activity output ${JSON.stringify(meeting)}`);
			return `company ${company.id}: ${JSON.stringify(companyBody)}; activity: ${JSON.stringify(meetingBody)}`;
		});
	} catch (err) {
		results.push({ name: 'set-up', ok: false, error: err });
		log(`FAIL set-up\n${String(err?.stack ?? err).replace(/^/gm, '    ')}`);
	} finally {
		if (n8n) await n8n.stop().catch(() => {});
		for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => {});
		killLiveGroups('SIGKILL');
		if (onSignal) {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		}
		const failed = results.filter((r) => !r.ok);
		if (userFolder) {
			const logFile = path.join(userFolder, 'n8n.log');
			if (failed.length) {
				log(`last lines of the n8n log:\n${tailFile(logFile, 30).replace(/^/gm, '    ')}`);
			}
			if (failed.length || process.env.E2E_KEEP) {
				log(`kept the n8n user folder for inspection: ${userFolder} (log: ${logFile})`);
			} else {
				// keep the log next to the other caches, drop the rest
				const kept = path.join(REPO_ROOT, '.cache', 'n8n', 'e2e-last.log');
				try {
					fs.copyFileSync(logFile, kept);
					log(`n8n log: ${kept}`);
				} catch {}
				fs.rmSync(userFolder, { recursive: true, force: true });
			}
		}
		log(`total ${secs(Date.now() - t0)}`);
		const passed = results.filter((r) => r.ok).length;
		process.stdout.write(`e2e: ${passed} passed, ${failed.length} failed\n`);
		process.exitCode = failed.length ? 1 : 0;
	}
}

await main();
