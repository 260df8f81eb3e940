import { NodeApiError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';

import { definitionOf } from '../resources';
import { apideckRequest } from '../transport/transport';
import { currentService } from './records';

/** One row that says what is wrong, instead of an empty list. */
const message = (text: string): INodeListSearchResult => ({ results: [{ name: text, value: '' }] });

/** The node's Service, or the consumer's only CRM connection when none is picked. */
async function serviceFor(ctx: ILoadOptionsFunctions): Promise<{ service?: string; problem?: string }> {
	const picked = currentService(ctx);
	if (picked) return { service: picked };
	const response = await apideckRequest(ctx, { method: 'GET', url: '/vault/connections', qs: { api: 'crm' } });
	const enabled = ((response.data as IDataObject[] | undefined) ?? []).filter((c) => c.enabled !== false && c.service_id);
	if (enabled.length === 1) return { service: String(enabled[0].service_id) };
	if (enabled.length === 0) return { problem: 'This consumer has no CRM connection in Apideck Vault: connect a CRM first' };
	return { problem: `Pick a Service at the top of the node first: this consumer has ${enabled.length} CRM connections` };
}

/** What a Vault error means for the list, in words a user can act on. */
function explain(error: unknown, service: string, resource: string): string {
	const status = error instanceof NodeApiError ? String(error.httpCode) : '';
	if (status === '402') return "Your Apideck plan does not include custom fields: enter the field's ID instead (By ID)";
	if (status === '404') return `Apideck found no ${service} connection with custom fields for ${resource}: check the Service, or enter the field's ID (By ID)`;
	if (status === '401' || status === '403') return 'Apideck refused the credentials: check the API Key and Application ID';
	const text = error instanceof Error ? error.message : String(error);
	return `Could not load the custom fields (${text}): enter the field's ID instead (By ID)`;
}

/**
 * The custom fields of the chosen CRM connection for the node's resource, from Apideck Vault: each by its
 * name, with its ID and a sample value beside it ("Lead Source · hs_lead_source · e.g. Webinar"). Errors
 * come back as one row that says what to do.
 */
export async function searchCustomFields(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	let resourceValue = '';
	try {
		resourceValue = String(this.getCurrentNodeParameter('resource') ?? '');
	} catch {
		// no resource parameter: the list has nothing to go on
	}
	const def = definitionOf(resourceValue);
	if (!def) return message('Pick a resource first');
	const resource = def.path.split('/').pop()!;
	const { service, problem } = await serviceFor(this);
	if (!service) return message(problem!);
	let response: IDataObject;
	try {
		response = await apideckRequest(this, {
			method: 'GET',
			url: `/vault/connections/crm/${encodeURIComponent(service)}/${encodeURIComponent(resource)}/custom-fields`,
		});
	} catch (error) {
		return message(explain(error, service, resource));
	}
	const fields = ((response.data as IDataObject[] | undefined) ?? []).filter((f) => f && (typeof f.id === 'string' || typeof f.id === 'number'));
	if (!fields.length) return message(`The ${service} connection has no custom fields for ${resource}`);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = fields
		.map((f) => {
			const id = String(f.id);
			const label = typeof f.name === 'string' && f.name.trim() !== '' ? f.name.trim() : '';
			const sample = f.value === undefined || f.value === null || f.value === '' ? '' : ` · e.g. ${typeof f.value === 'string' ? f.value : JSON.stringify(f.value)}`;
			// n8n's list shows only the name: the ID and a sample go into it, which also tells apart two
			// fields with one label
			return { label, result: { name: label ? `${label} · ${id}${sample}` : `${id}${sample}`, value: id, description: `ID ${id}${sample}` } };
		})
		.filter(({ label, result }) => !needle || label.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle))
		.map(({ result }) => result);
	return { results };
}
