/**
 * Simplify (Get and Get Many): the fields of a record people use, as each resource lists them in its
 * definition (`simplify`). `email`, `phone` and `website` are the primary entry of the record's lists,
 * flattened to a string; every other name copies that field. Every listed field is in the output,
 * null when the record has no value, so all items share one shape.
 */
import type { IDataObject } from 'n8n-workflow';

/** The flattened names: the list they come from and the property of an entry that holds the value. */
export const FLATTENED: Record<string, { list: string; value: string }> = {
	email: { list: 'emails', value: 'email' },
	phone: { list: 'phone_numbers', value: 'number' },
	website: { list: 'websites', value: 'url' },
};

/** The entry of a list typed `primary`, else the first one that has a value. */
export function primaryEntry(entries: unknown, value: string): IDataObject | undefined {
	if (!Array.isArray(entries)) return undefined;
	let first: IDataObject | undefined;
	for (const entry of entries as IDataObject[]) {
		if (!entry || typeof entry !== 'object' || typeof entry[value] !== 'string' || entry[value] === '') continue;
		if (entry.type === 'primary') return entry;
		first ??= entry;
	}
	return first;
}

type Extract = (record: IDataObject) => unknown;

// Get Many simplifies every record of every page: each field list is turned into extractors once.
const compiled = new WeakMap<readonly string[], Array<[string, Extract]>>();

function compile(fields: readonly string[]): Array<[string, Extract]> {
	const out = fields.map((name): [string, Extract] => {
		const flat = FLATTENED[name];
		if (flat) return [name, (record) => (primaryEntry(record[flat.list], flat.value)?.[flat.value] as string | undefined) ?? null];
		return [name, (record) => (record[name] === undefined ? null : record[name])];
	});
	compiled.set(fields, out);
	return out;
}

export function simplifyRecord(fields: readonly string[], record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [name, extract] of compiled.get(fields) ?? compile(fields)) out[name] = extract(record) as IDataObject[keyof IDataObject];
	return out;
}
