import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apideckRequest } from '../transport/transport';

/** The consumer's CRM connections in Apideck Vault. */
export async function searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const response = await apideckRequest(this, { method: 'GET', url: '/vault/connections', qs: { api: 'crm' } });
	const connections = (response.data as IDataObject[] | undefined) ?? [];
	const results = connections
		.filter((c) => c.enabled !== false)
		.map((c) => ({
			name: `${String(c.name ?? c.service_id)}${c.state && c.state !== 'callable' ? ` (${String(c.state)})` : ''}`,
			value: String(c.service_id),
		}))
		.filter((r) => !filter || r.name.toLowerCase().includes(filter.toLowerCase()) || r.value.includes(filter.toLowerCase()));
	return { results };
}
