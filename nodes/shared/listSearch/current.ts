// Pickers for the resources of Apideck's current CRM API: lists, custom object schemas and their records.
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { customObject } from '../resources/customObject';
import { parameterNames } from '../definitions/resource';
import { locatorValue, pathSegment } from '../transport/paths';
import { apideckRequest } from '../transport/transport';
import { currentService, recordSearch } from './records';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export const searchLists = recordSearch({
	path: '/crm/lists',
	label: (r) => [text(r.name), r.object_type ? `(${text(r.object_type)})` : ''].filter(Boolean).join(' '),
});

export const searchCustomObjectSchemas = recordSearch({ path: '/crm/custom-object-schemas', label: (r) => text(r.name) });

/** A record's label: its name, else its first field value. */
function recordLabel(record: IDataObject): string {
	if (text(record.name)) return text(record.name);
	const first = ((record.fields as IDataObject[] | undefined) ?? []).find((f) => text(f?.value));
	return first ? `${text(first.name)}: ${text(first.value)}` : '';
}

/** Records of the object chosen above the picker. */
export async function searchCustomObjects(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	let chosen: unknown;
	try {
		chosen = locatorValue(this.getCurrentNodeParameter(parameterNames(customObject).scope));
	} catch {
		chosen = undefined;
	}
	const objectId = pathSegment(this, 'Object', chosen, 'Choose the object first, then pick one of its records.');
	const qs: IDataObject = { limit: 100 };
	if (paginationToken) qs.cursor = paginationToken;
	const response = await apideckRequest(this, { method: 'GET', url: `/crm/custom-objects/${objectId}`, qs, serviceId: currentService(this) });
	let results = ((response.data as IDataObject[] | undefined) ?? []).map((record) => ({
		name: recordLabel(record) || String(record.id),
		value: String(record.id),
	}));
	if (filter) {
		const needle = filter.toLowerCase();
		results = results.filter((r) => r.name.toLowerCase().includes(needle) || r.value.toLowerCase().includes(needle));
	}
	const next = ((response.meta as IDataObject)?.cursors as IDataObject)?.next as string | undefined;
	return { results, paginationToken: next || undefined };
}
