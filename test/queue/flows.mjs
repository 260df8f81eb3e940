// The workflows and credentials `npm run test:queue` imports: the new-lead flow (Apideck CRM Trigger
// crm.lead.created -> Apideck CRM: create a task activity linked to the lead, as examples/new-lead-follow-up.json)
// and a webhook-started Contact -> Get Many (Return All) for a consumer of its own.

import { ACTION_TYPE, CREDENTIAL_TYPE, TRIGGER_TYPE } from '../../scripts/n8n-runtime.mjs';

export const CREDENTIAL = { id: 'queueApideckCrm1', name: 'Apideck CRM (sandbox)', type: CREDENTIAL_TYPE };
export const BULK_CREDENTIAL = { id: 'queueApideckBulk', name: 'Apideck CRM (sandbox, bulk consumer)', type: CREDENTIAL_TYPE };
export const BULK_CONSUMER = 'queue-bulk-consumer';
export const TRIGGER_WEBHOOK_ID = 'a3c1e2e0-5a1d-4b6e-9c7f-0e2e0e2e0014';
export const CONTACTS_PATH = 'queue-return-all-contacts';
const ref = (c) => ({ [CREDENTIAL_TYPE]: { id: c.id, name: c.name } });

export const leadFlow = {
	id: 'queueLeadFollow1',
	name: 'Apideck CRM Trigger (crm.lead.created) → Apideck CRM (create an activity for the new lead)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: '1b7a3f7e-0001-4000-8000-0000000000a1',
			name: 'New lead',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: { events: ['crm.lead.created'] },
			credentials: ref(CREDENTIAL),
		},
		{
			id: '1b7a3f7e-0002-4000-8000-0000000000a2',
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
			credentials: ref(CREDENTIAL),
		},
	],
	connections: { 'New lead': { main: [[{ node: 'Follow-up task', type: 'main', index: 0 }]] } },
};

export const contactsFlow = {
	id: 'queueContactsAll',
	name: 'Webhook → Apideck CRM: every contact (Get Many, Return All)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: '1b7a3f7e-0003-4000-8000-0000000000a3',
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'a3c1e2e0-5a1d-4b6e-9c7f-0e2e0e2e0015',
			parameters: { httpMethod: 'POST', path: CONTACTS_PATH, responseMode: 'onReceived', options: {} },
		},
		{
			id: '1b7a3f7e-0004-4000-8000-0000000000a4',
			name: 'All contacts',
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: { resource: 'contact', operation: 'getAll', returnAll: true },
			credentials: ref(BULK_CREDENTIAL),
		},
	],
	connections: { Start: { main: [[{ node: 'All contacts', type: 'main', index: 0 }]] } },
};

/** Path of the trigger's production webhook, after the base URL. */
export const deliveryPath = `webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
