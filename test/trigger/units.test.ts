// The trigger's pure helpers: event list, signature checks and delivery keys (claimDelivery, releaseDelivery).
// And the trigger's texts and settings in the n8n editor (the node is built inside each test, as n8n
// builds one per workflow).
import { canonicalJson as sandboxCanonical, signPayload } from '../../sandbox';
import { EVENT_OPTIONS, EVENT_TYPES, parseEventType, recordPath, sameEvents, subscriptionEvents } from '../../nodes/shared/definitions/events';
import { loadSpec } from '../helpers/spec';
import { canonicalJson, decodeSignature, verifySignature } from '../../nodes/ApideckCrmTrigger/signature';
import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
} from 'n8n-workflow';

import { NODE_DESCRIPTION } from '../../nodes/shared/definitions/text';
import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { claimDelivery, DEDUPE_WINDOW, forgetDeliveries, MEMORY_TTL_MS, MEMORY_WINDOW, releaseDelivery } from '../../nodes/ApideckCrmTrigger/dedupe';
import { fingerprintOf, fingerprintsOf, savedFingerprints } from '../helpers/deliveries';
import { TestNodeTypes } from '../helpers/engine';

test('the 18 CRM events, with readable names', () => {
	expect(EVENT_TYPES).toHaveLength(18);
	expect(new Set(EVENT_TYPES).size).toBe(18);
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.lead.created')?.name).toBe('Lead Created');
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.opportunity.deleted')?.name).toBe('Opportunity Deleted');
	const events = new ApideckCrmTrigger().description.properties.find((p) => p.name === 'events');
	expect(events).toMatchObject({ type: 'multiOptions', required: true, default: [] });
	expect(events?.options).toHaveLength(18);
});

test("every event is subscribed to with a name webhook.yml's WebhookEventType enum lists, read back as the same event", () => {
	const spelled: string[] = loadSpec('webhook.yml').components.schemas.WebhookEventType.enum;
	const names = subscriptionEvents(EVENT_TYPES);
	expect(names.filter((n) => !spelled.includes(n))).toEqual([]);
	expect(new Set(names).size).toBe(18);
	expect(spelled.filter((n) => n.startsWith('crm.')).sort()).toEqual([...names].sort());
	expect(names.map((n) => parseEventType(n)?.type)).toEqual(EVENT_TYPES);
	expect(subscriptionEvents(['crm.note.updated', 'crm.note.deleted', 'crm.note.created'])).toEqual([
		'crm.notes.updated',
		'crm.notes.deleted',
		'crm.note.created',
	]);
});

test('event types are parsed, and the "crm.notes.*" spelling of the 10.3.6 spec is read as "crm.note.*"', () => {
	expect(parseEventType('crm.activity.updated')).toEqual({ type: 'crm.activity.updated', entity: 'activity', action: 'updated' });
	expect(parseEventType('crm.notes.deleted')).toEqual({ type: 'crm.note.deleted', entity: 'note', action: 'deleted' });
	expect(parseEventType('crm.lead.merged')).toBeUndefined();
	expect(parseEventType('vault.connection.created')).toBeUndefined();
	expect(parseEventType(undefined)).toBeUndefined();
	expect(recordPath('opportunity', 'a/b')).toBe('/crm/opportunities/a%2Fb');
	expect(recordPath('activity', '7')).toBe('/crm/activities/7');
	expect(sameEvents(['crm.lead.created', 'crm.notes.updated'], ['crm.note.updated', 'crm.lead.created'])).toBe(true);
	expect(sameEvents(['crm.lead.created'], ['crm.lead.created', 'crm.lead.updated'])).toBe(false);
});

test('the canonical JSON matches what the sandbox signs', () => {
	const body = { payload: { z: 1, a: [{ y: 2, b: null }, 'x'], m: { k: true, c: 'é"' }, u: undefined } };
	expect(canonicalJson(body)).toBe(sandboxCanonical(body));
	expect(canonicalJson(body)).toBe('{"payload":{"a":[{"b":null,"y":2},"x"],"m":{"c":"é\\"","k":true},"z":1}}');
});

test('signatures: hex and base64 accepted, anything else rejected', () => {
	const body = { payload: { event_id: 'e1', event_type: 'crm.lead.created' } };
	expect(verifySignature(body, signPayload(body, 'key'), 'key')).toBe(true);
	expect(verifySignature(body, signPayload(body, 'key').toUpperCase(), 'key')).toBe(true);
	expect(verifySignature(body, signPayload(body, 'key', 'base64'), 'key')).toBe(true);
	expect(verifySignature(body, `sha256=${signPayload(body, 'key')}`, 'key')).toBe(true);
	expect(verifySignature(body, signPayload(body, 'other'), 'key')).toBe(false);
	expect(verifySignature({ payload: { ...body.payload, event_id: 'e2' } }, signPayload(body, 'key'), 'key')).toBe(false);
	expect(verifySignature(body, signPayload(body, 'key').slice(0, 40), 'key')).toBe(false);
	expect(verifySignature(body, undefined, 'key')).toBe(false);
	expect(verifySignature(body, signPayload(body, ''), '')).toBe(false);
	expect(decodeSignature('not a signature')).toBeUndefined();
});

describe('delivery keys (claimDelivery)', () => {
	beforeEach(() => forgetDeliveries());

	test('a key is claimed once, per trigger scope, and recorded in static data', () => {
		const saved: IDataObject = {};
		expect(claimDelivery('wf:n:webhook', 'k1', saved)).toBe(true);
		expect(savedFingerprints(saved)).toEqual(fingerprintsOf(['k1']));
		expect(claimDelivery('wf:n:webhook', 'k1', {})).toBe(false);
		expect(claimDelivery('wf:n:manual', 'k1', {})).toBe(true);
		forgetDeliveries();
		expect(claimDelivery('wf:n:webhook', 'k1', saved)).toBe(false);
		expect(claimDelivery('wf:n:webhook', 'k1', {})).toBe(true);
	});

	test('a released claim can be claimed again', () => {
		const saved: IDataObject = {};
		claimDelivery('s', 'a', saved);
		claimDelivery('s', 'k', saved);
		releaseDelivery('s', 'k', saved);
		expect(savedFingerprints(saved)).toEqual(fingerprintsOf(['a']));
		expect(claimDelivery('s', 'k', saved)).toBe(true);
		expect(claimDelivery('s', 'a', {})).toBe(false);
	});

	test('keys are cut to 200 characters', () => {
		const long = 'x'.repeat(300);
		const saved: IDataObject = {};
		claimDelivery('s', long, saved);
		expect(savedFingerprints(saved)).toEqual(fingerprintsOf(['x'.repeat(200)]));
		expect(claimDelivery('s', `${'x'.repeat(200)}different tail`, {})).toBe(false);
	});

	test('memory keeps a key for about a day, at most MEMORY_WINDOW keys', () => {
		const t0 = 1_000_000;
		claimDelivery('s', 'old', {}, t0);
		expect(claimDelivery('s', 'old', {}, t0 + MEMORY_TTL_MS - 1)).toBe(false);
		claimDelivery('s', 'new', {}, t0 + MEMORY_TTL_MS + 1);
		expect(claimDelivery('s', 'old', {}, t0 + MEMORY_TTL_MS + 2)).toBe(true);

		forgetDeliveries();
		for (let i = 0; i <= MEMORY_WINDOW; i++) claimDelivery('s', `k${i}`, {}, t0);
		expect(claimDelivery('s', 'k0', {}, t0)).toBe(true);
		expect(claimDelivery('s', 'k2', {}, t0)).toBe(false);
	});

	test('static data gets the newest DEDUPE_WINDOW keys this process accepted, the new one last', () => {
		for (let i = 0; i < DEDUPE_WINDOW + 5; i++) claimDelivery('s', `m${i}`, {});
		const saved: IDataObject = { deliveryFingerprints: fingerprintsOf(['db-1', 'db-2']).join('') };
		claimDelivery('s', 'fresh', saved);
		const keys = savedFingerprints(saved);
		expect(keys).toHaveLength(DEDUPE_WINDOW);
		expect(keys.at(-1)).toBe(fingerprintOf('fresh'));
		expect(keys.at(-2)).toBe(fingerprintOf(`m${DEDUPE_WINDOW + 4}`));
		expect(keys).not.toContain(fingerprintOf('db-1'));
	});

	test('a full window costs 11 characters a key in static data, whatever the keys look like', () => {
		const saved: IDataObject = {};
		for (let i = 0; i < DEDUPE_WINDOW + 10; i++) claimDelivery('s', `${crypto.randomUUID()}-${'x'.repeat(i % 150)}`, saved);
		expect(JSON.stringify(saved).length).toBeLessThanOrEqual(DEDUPE_WINDOW * 11 + 30);
		expect(savedFingerprints(saved)).toHaveLength(DEDUPE_WINDOW);
	});

	test('keys an earlier version saved as a list still count, and are rewritten as fingerprints', () => {
		const saved: IDataObject = { recentDeliveries: ['before-1', 'before-2', 42], deliveryFingerprints: fingerprintOf('since') };
		expect(claimDelivery('s', 'before-2', saved)).toBe(false);
		expect(claimDelivery('s', 'since', saved)).toBe(false);
		expect(claimDelivery('s', 'after', saved)).toBe(true);
		expect(saved).toEqual({ deliveryFingerprints: fingerprintsOf(['before-1', 'before-2', 'since', 'after']).join('') });
		forgetDeliveries();
		expect(claimDelivery('s', 'before-1', saved)).toBe(false);
	});

	test('a release rewrites the legacy list as fingerprints too, without the released key', () => {
		const saved: IDataObject = { recentDeliveries: ['before-1', 'before-2'] };
		releaseDelivery('s', 'before-1', saved);
		expect(saved).toEqual({ deliveryFingerprints: fingerprintOf('before-2') });
	});

	test('a trailing partial fingerprint (a cut value) is ignored, not matched', () => {
		const saved: IDataObject = { deliveryFingerprints: fingerprintOf('whole') + fingerprintOf('cut').slice(0, 5) };
		expect(claimDelivery('s', 'whole', saved)).toBe(false);
		expect(claimDelivery('s', 'cut', saved)).toBe(true);
		expect(savedFingerprints(saved)).toEqual(fingerprintsOf(['whole', 'cut']));
	});
});

describe('delivery keys when the process remembers more than static data keeps', () => {
	beforeEach(() => forgetDeliveries());

	test('static data keeps the newest DEDUPE_WINDOW keys, not older ones the memory still holds', () => {
		const saved: IDataObject = {};
		const keys = Array.from({ length: DEDUPE_WINDOW + 500 }, (_, i) => `burst-${i}`);
		for (const key of keys) claimDelivery('s', key, saved);
		expect(claimDelivery('s', 'after-the-burst', saved)).toBe(true);
		expect(savedFingerprints(saved)).toEqual(fingerprintsOf([...keys.slice(-(DEDUPE_WINDOW - 1)), 'after-the-burst']));
	});
});

describe("the process's memory of delivery keys expires them after MEMORY_TTL_MS", () => {
	beforeEach(() => forgetDeliveries());

	// Each call gets fresh static data, as another process's trigger (no saved keys) would: only this
	// process's memory can refuse the key.
	test('a key is refused until the last millisecond before it expires, and accepted at the moment it does', () => {
		expect(claimDelivery('ttl', 'first', {}, 0)).toBe(true);
		expect(claimDelivery('ttl', 'other-1', {}, MEMORY_TTL_MS - 1)).toBe(true);
		expect(claimDelivery('ttl', 'first', {}, MEMORY_TTL_MS - 1)).toBe(false);
		// a later claim prunes the expired key
		expect(claimDelivery('ttl', 'other-2', {}, MEMORY_TTL_MS)).toBe(true);
		expect(claimDelivery('ttl', 'first', {}, MEMORY_TTL_MS)).toBe(true);
	});
});

describe('giving a delivery key back (releaseDelivery)', () => {
	beforeEach(() => forgetDeliveries());

	test('a key longer than 200 characters, released, can be claimed again', () => {
		const long = `${'k'.repeat(250)}`;
		const saved: IDataObject = {};
		expect(claimDelivery('s', long, saved)).toBe(true);
		releaseDelivery('s', long, saved);
		expect(saved).toEqual({ deliveryFingerprints: '' });
		expect(claimDelivery('s', long, saved)).toBe(true);
	});

	test('releasing a key that was never saved leaves the static data untouched', () => {
		const empty: IDataObject = {};
		releaseDelivery('s', 'never-claimed', empty);
		expect(empty).toEqual({});
		const packed = fingerprintsOf(['a', 'b']).join('');
		const saved: IDataObject = { deliveryFingerprints: packed };
		releaseDelivery('s', 'never-claimed', saved);
		expect(saved).toEqual({ deliveryFingerprints: packed });
		// an earlier version's list stays as it is too
		const keys = ['a', 'b'];
		const legacy: IDataObject = { recentDeliveries: keys };
		releaseDelivery('s', 'never-claimed', legacy);
		expect(legacy).toEqual({ recentDeliveries: keys });
		expect(legacy.recentDeliveries).toBe(keys);
	});
});

describe("the trigger's editor texts and settings", () => {
	test('node panel entry, canvas defaults, connections, credentials and webhook', () => {
		const { description } = new ApideckCrmTrigger();
		expect(description.displayName).toBe('Apideck CRM Trigger');
		expect(description.name).toBe('apideckCrmTrigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		expect(description.description).toBe(NODE_DESCRIPTION);
		expect(description.defaults).toEqual({ name: 'Apideck CRM Trigger' });
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.credentials).toEqual([{ name: 'apideckCrmApi', required: true }]);
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
	});

	test('Events: a required multi-select of the 18 CRM events, none selected by default', () => {
		const events = new ApideckCrmTrigger().description.properties.find((p) => p.name === 'events')!;
		expect(events).toMatchObject({
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			required: true,
			default: [],
			description: 'The CRM changes that start the workflow',
		});
		const options = events.options as INodePropertyOptions[];
		expect(options).toHaveLength(18);
		expect(options).toEqual(EVENT_OPTIONS);
		expect(options.find((o) => o.value === 'crm.lead.created')).toEqual({
			name: 'Lead Created',
			value: 'crm.lead.created',
			description: 'When a lead is created in the connected CRM',
		});
	});

	test('Options: Any Consumer, Custom Fields as Properties, Fetch Full Record, Service and Verify Signature, with their defaults and texts', () => {
		const { properties } = new ApideckCrmTrigger().description;
		expect(properties.map((p) => p.name)).toEqual(['webhookNotice', 'events', 'options']);
		const options = properties[2];
		expect(options).toMatchObject({ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {} });
		const shown = (options.options as INodeProperties[]).map((o) => [o.displayName, o.name, o.type, o.default]);
		expect(shown).toEqual([
			['Any Consumer', 'anyConsumer', 'boolean', false],
			['Custom Fields as Properties', 'customFieldsByName', 'boolean', false],
			['Fetch Full Record', 'fetchRecord', 'boolean', true],
			['Service', 'service', 'resourceLocator', { mode: 'list', value: '' }],
			['Verify Signature', 'verifySignature', 'boolean', true],
		]);
		const descriptions = Object.fromEntries((options.options as INodeProperties[]).map((o) => [o.name, o.description]));
		expect(descriptions).toEqual({
			anyConsumer:
				'Whether events of every consumer of the Apideck application start the workflow. Off: only events of the consumer set in the credentials do.',
			customFieldsByName:
				'Whether to add custom_fields_by_name to each record: its custom fields keyed by name (by ID where a name is empty or used twice). Simplify keeps it.',
			fetchRecord: 'Whether to load the created or updated record from the CRM and add it to the output as "record"',
			service:
				'Only react to events from this CRM connection. By ID takes one service ID or several separated by commas. Empty: all connections.',
			verifySignature:
				'Whether to reject requests that are not signed with your API key. Turning this off lets anyone who knows the URL start the workflow: do it only behind a proxy that rewrites the request body.',
		});
		const service = (options.options as INodeProperties[]).find((o) => o.name === 'service')!;
		expect(service.modes!.map((m) => [m.displayName, m.placeholder])).toEqual([
			['From List', 'Select a connection...'],
			['By ID', 'e.g. hubspot, pipedrive'],
		]);
		expect(service.modes![0].typeOptions).toEqual({ searchListMethod: 'searchServices', searchable: true });
	});

	test('the canvas subtitle names the selected events, evaluated as the editor does', async () => {
		const trigger = new ApideckCrmTrigger() as unknown as INodeType;
		const { description } = trigger;
		const subtitleOf = async (parameters: INodeParameters) => {
			const withDefaults = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, description) as INodeParameters;
			const node: INode = { id: 'n', name: description.displayName, type: description.name, typeVersion: 1, position: [0, 0], parameters: withDefaults };
			const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ [description.name]: trigger }) });
			const evaluate = async () => workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
			const expression = workflow.expression as { withIsolate?: <T>(fn: () => Promise<T>) => Promise<T> };
			return typeof expression.withIsolate === 'function' ? await expression.withIsolate(evaluate) : await evaluate();
		};
		expect(await subtitleOf({ events: ['crm.contact.updated', 'crm.note.deleted', 'crm.activity.created'] })).toBe(
			'Contact Updated, Note Deleted, Activity Created',
		);
		expect(await subtitleOf({ events: ['crm.opportunity.deleted'] })).toBe('Opportunity Deleted');
		expect(await subtitleOf({ events: [] })).toBe('');
	});
});
