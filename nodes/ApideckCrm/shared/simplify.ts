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
	const usable = entries.filter(
		(e): e is IDataObject => !!e && typeof e === 'object' && typeof (e as IDataObject)[value] === 'string' && (e as IDataObject)[value] !== '',
	);
	return usable.find((e) => e.type === 'primary') ?? usable[0];
}

export function simplifyRecord(fields: readonly string[], record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const name of fields) {
		const flat = FLATTENED[name];
		if (flat) {
			out[name] = (primaryEntry(record[flat.list], flat.value)?.[flat.value] as string | undefined) ?? null;
		} else {
			out[name] = record[name] === undefined ? null : record[name];
		}
	}
	return out;
}
