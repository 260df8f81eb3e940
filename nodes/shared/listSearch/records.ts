import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { locatorValue } from '../transport/paths';
import { apideckRequest } from '../transport/transport';

/** The service picked at node level, so that pickers list records of the same CRM connection. */
export function currentService(ctx: ILoadOptionsFunctions): string {
	try {
		return String(locatorValue(ctx.getCurrentNodeParameter('service')) ?? '').trim();
	} catch {
		return '';
	}
}

const text = (...parts: unknown[]) =>
	parts
		.filter((p) => typeof p === 'string' && p.trim() !== '')
		.join(' ')
		.trim();

function primaryEmail(record: IDataObject): string | undefined {
	const emails = record.emails as IDataObject[] | undefined;
	return emails?.[0]?.email as string | undefined;
}

interface SearchSpec {
	path: string;
	/** API filter that searches by name; without one the page is filtered here */
	nameFilter?: string;
	label: (record: IDataObject) => string;
}

export function recordSearch(spec: SearchSpec) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const qs: IDataObject = { limit: 100 };
		if (paginationToken) qs.cursor = paginationToken;
		if (filter && spec.nameFilter) qs[`filter[${spec.nameFilter}]`] = filter;
		const response = await apideckRequest(this, { method: 'GET', url: spec.path, qs, serviceId: currentService(this) });
		const records = (response.data as IDataObject[] | undefined) ?? [];
		let results: INodeListSearchItems[] = records.map((record) => ({
			name: spec.label(record) || String(record.id),
			value: String(record.id),
		}));
		if (filter && !spec.nameFilter) {
			const needle = filter.toLowerCase();
			results = results.filter((r) => r.name.toLowerCase().includes(needle) || String(r.value).includes(needle));
		}
		const next = ((response.meta as IDataObject)?.cursors as IDataObject)?.next as string | undefined;
		return { results, paginationToken: next || undefined };
	};
}

export const searchCompanies = recordSearch({ path: '/crm/companies', nameFilter: 'name', label: (r) => text(r.name) });
export const searchContacts = recordSearch({
	path: '/crm/contacts',
	nameFilter: 'name',
	label: (r) => text(r.name || text(r.first_name, r.last_name), primaryEmail(r) ? `(${primaryEmail(r)})` : ''),
});
export const searchLeads = recordSearch({
	path: '/crm/leads',
	nameFilter: 'name',
	label: (r) => text(r.name, r.company_name ? `— ${r.company_name as string}` : ''),
});
export const searchOpportunities = recordSearch({ path: '/crm/opportunities', nameFilter: 'title', label: (r) => text(r.title) });
export const searchActivities = recordSearch({
	path: '/crm/activities',
	label: (r) => text(r.title, r.type ? `(${r.type as string})` : ''),
});
export const searchNotes = recordSearch({ path: '/crm/notes', label: (r) => text(r.title) || String(r.content ?? '').slice(0, 60) });
export const searchPipelines = recordSearch({ path: '/crm/pipelines', label: (r) => text(r.name) });
export const searchUsers = recordSearch({
	path: '/crm/users',
	label: (r) => text(r.first_name, r.last_name, primaryEmail(r) ? `(${primaryEmail(r)})` : '') || text(r.username),
});
