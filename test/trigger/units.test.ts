// The trigger's pure helpers: event list and signature checks.
import { canonicalJson as sandboxCanonical, signPayload } from '../../sandbox';
import { EVENT_OPTIONS, EVENT_TYPES, parseEventType, recordPath, sameEvents } from '../../nodes/ApideckCrmTrigger/events';
import { canonicalJson, decodeSignature, verifySignature } from '../../nodes/ApideckCrmTrigger/signature';
import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';

test('the 18 CRM events, with readable names', () => {
	expect(EVENT_TYPES).toHaveLength(18);
	expect(new Set(EVENT_TYPES).size).toBe(18);
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.lead.created')?.name).toBe('Lead Created');
	expect(EVENT_OPTIONS.find((o) => o.value === 'crm.opportunity.deleted')?.name).toBe('Opportunity Deleted');
	const events = new ApideckCrmTrigger().description.properties.find((p) => p.name === 'events');
	expect(events).toMatchObject({ type: 'multiOptions', required: true, default: [] });
	expect(events?.options).toHaveLength(18);
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
