/**
 * Builds a request body from the parameters a resource's field descriptions produced, checking each
 * value on the way: nothing the user left empty is sent, and bad input fails before any request.
 */
import type { IDataObject, IExecuteSingleFunctions, INode } from 'n8n-workflow';

import { toDateOnly, toUtcIso } from './dates';
import { CURRENCIES } from '../definitions/enums';
import { inputError } from '../transport/errors';
import { COMPOSITES, CUSTOM_FIELD_VALUE_TYPES, paramName, type FieldDef } from '../definitions/fields';
import { locatorValue } from '../transport/paths';

export const SKIP = undefined;

const isEmpty = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

interface Where {
	node: INode;
	itemIndex: number;
	/** the field as the user sees it, e.g. "Additional Fields → Emails → Type" */
	path: string;
	/** the workflow's time zone, in which date-times without an offset are read */
	timezone: string;
}

function fail(where: Where, problem: string, fix: string): never {
	throw inputError(where.node, where.path, problem, fix, where.itemIndex);
}

function parseJson(value: unknown, where: Where): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		return fail(where, `invalid JSON (${(error as Error).message})`, 'Enter valid JSON, for example {"key": "value"}, or an expression that returns an object.');
	}
}

function checkEnum(value: unknown, allowed: readonly string[], where: Where): string {
	const text = String(value);
	if (!allowed.includes(text)) {
		const shown = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
		fail(where, `unknown value "${text}"`, `Use one of: ${shown}.`);
	}
	return text;
}

function toIso(value: unknown, where: Where, dateOnly: boolean): string {
	const out = dateOnly ? toDateOnly(value, where.timezone) : toUtcIso(value, where.timezone);
	if (out === undefined) {
		const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
		fail(where, `"${shown}" is not a date`, dateOnly ? 'Use a date such as 2025-03-31.' : 'Use an ISO 8601 date and time such as 2025-03-31T14:00:00 (in the workflow\'s time zone) or 2025-03-31T14:00:00Z.');
	}
	return out;
}

/** One field's value as the API wants it, or SKIP when there is nothing to send. */
export function serializeField(f: FieldDef, value: unknown, where: Where): unknown {
	switch (f.kind) {
		case 'string':
		case 'text':
			if (isEmpty(value)) return SKIP;
			if (typeof value === 'object') return fail(where, 'expected text, got an object', 'Map a text value, or use JSON.stringify() in the expression.');
			return String(value);
		case 'number':
		case 'integer': {
			if (isEmpty(value)) return SKIP;
			const n = typeof value === 'number' ? value : Number(value);
			if (!Number.isFinite(n)) return fail(where, `"${String(value)}" is not a number`, 'Enter a number.');
			if (f.kind === 'integer' && !Number.isInteger(n)) return fail(where, `${n} is not a whole number`, 'Enter a whole number.');
			return n;
		}
		case 'boolean':
			if (isEmpty(value)) return SKIP;
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			return fail(where, `"${String(value)}" is not true or false`, 'Use true or false.');
		case 'dateTime':
		case 'date':
			if (isEmpty(value)) return SKIP;
			return toIso(value, where, f.kind === 'date');
		case 'json':
			if (isEmpty(value)) return SKIP;
			return parseJson(value, where);
		case 'stringList': {
			if (isEmpty(value)) return SKIP;
			const list = Array.isArray(value) ? value : String(value).split(',');
			const cleaned = list.map((v) => String(v).trim()).filter((v) => v !== '');
			return cleaned.length ? cleaned : SKIP;
		}
		case 'options':
			if (isEmpty(value)) return SKIP;
			return checkEnum(value, f.values ?? [], where);
		case 'currency':
			if (isEmpty(value)) return SKIP;
			return checkEnum(value, CURRENCIES, where);
		case 'picker': {
			const id = locatorValue(value);
			if (isEmpty(id)) return SKIP;
			return String(id).trim();
		}
		case 'customFields':
			return serializeCustomFields(value, where);
		default:
			return serializeComposite(f, value, where);
	}
}

function entriesOf(value: unknown): IDataObject[] {
	if (isEmpty(value) || (typeof value === 'object' && !Object.keys(value as object).length)) return [];
	// an array as it is (its `values` is Array.prototype.values), else the fixed collection's `values`
	const values = Array.isArray(value) ? value : ((value as IDataObject).values ?? value);
	if (Array.isArray(values)) return values as IDataObject[];
	if (values && typeof values === 'object') return [values as IDataObject];
	return [];
}

function serializeComposite(f: FieldDef, value: unknown, where: Where): unknown {
	const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
	if (typeof value === 'string') value = parseJson(value, where);
	const out: IDataObject[] = [];
	entriesOf(value).forEach((entry, index) => {
		const object: IDataObject = {};
		for (const sub of composite.fields) {
			const subWhere = { ...where, path: `${where.path} ${composite.multiple ? `#${index + 1} ` : ''}→ ${sub.label}` };
			const raw = entry[paramName(sub.api)] ?? entry[sub.api];
			const serialized = serializeField(sub, raw, subWhere);
			if (serialized === SKIP) {
				if (sub.required) fail(subWhere, 'is required', `Fill in ${sub.label}, or remove the entry.`);
				continue;
			}
			object[sub.api] = serialized as IDataObject;
		}
		if (Object.keys(object).length) out.push(object);
	});
	if (!out.length) return SKIP;
	return composite.multiple ? out : out[0];
}

function serializeCustomFields(value: unknown, where: Where): unknown {
	if (typeof value === 'string') value = parseJson(value, where);
	const out: IDataObject[] = [];
	entriesOf(value).forEach((entry, index) => {
		const at = (label: string) => ({ ...where, path: `${where.path} #${index + 1} → ${label}` });
		// the Field picker's value ({ __rl, mode, value }), or the plain ID stored before it was a picker
		const id = locatorValue(entry.id);
		if (isEmpty(id)) fail(at('Field'), 'is required', 'Pick the custom field from the list or enter its ID, or remove the entry.');
		const valueType = checkEnum(entry.valueType ?? 'string', CUSTOM_FIELD_VALUE_TYPES, at('Type'));
		let fieldValue: unknown;
		if (valueType === 'string') fieldValue = entry.stringValue ?? entry.value ?? '';
		if (valueType === 'number') fieldValue = serializeField({ api: 'value', label: 'Value', kind: 'number' }, entry.numberValue ?? entry.value, at('Value'));
		if (valueType === 'boolean') fieldValue = serializeField({ api: 'value', label: 'Value', kind: 'boolean' }, entry.booleanValue ?? entry.value ?? false, at('Value'));
		if (valueType === 'json') fieldValue = parseJson(entry.jsonValue ?? entry.value ?? 'null', at('Value (JSON)'));
		const object: IDataObject = { id: String(id).trim(), value: fieldValue as IDataObject };
		if (!isEmpty(entry.name)) object.name = String(entry.name);
		if (!isEmpty(entry.description)) object.description = String(entry.description);
		out.push(object);
	});
	return out.length ? out : SKIP;
}

/**
 * The body of a write. Create (and Create or Update): the required fields from their own parameters,
 * each refused when empty, then whatever the user added to the resource's field collection. Update:
 * every field, required ones included, comes from the Update Fields collection, and one left out is
 * simply not sent (the executor then keeps its current value, see executor/writes.ts). Only fields of the
 * resource's description are read, so read-only fields can't be sent.
 */
export function buildBody(
	ctx: IExecuteSingleFunctions,
	fields: FieldDef[],
	names: { required: (f: FieldDef) => string; fields: string },
	collectionLabel: string,
	mode: 'create' | 'update' = 'create',
	/** preset: body properties built elsewhere (e.g. from a resource mapper); empty: the error when nothing is sent */
	opts: { preset?: IDataObject; empty?: { path: string; fix: string } } = {},
): IDataObject {
	const node = ctx.getNode();
	const itemIndex = ctx.getItemIndex();
	const timezone = ctx.getTimezone();
	const body: IDataObject = { ...opts.preset };
	const fromCollection = mode === 'update' ? fields : fields.filter((x) => !x.required);
	if (mode === 'create') {
		for (const f of fields.filter((x) => x.required)) {
			const value = ctx.getNodeParameter(names.required(f), undefined) as unknown;
			const serialized = serializeField(f, value, { node, itemIndex, timezone, path: f.label });
			if (serialized === SKIP) fail({ node, itemIndex, timezone, path: f.label }, 'is required', `Enter ${f.label}.`);
			body[f.api] = serialized as IDataObject;
		}
	}
	const extra = (ctx.getNodeParameter(names.fields, {}) ?? {}) as IDataObject;
	const byParam = new Map(fromCollection.map((x) => [paramName(x.api), x]));
	for (const [key, value] of Object.entries(extra)) {
		const f = byParam.get(key);
		if (!f) continue;
		const serialized = serializeField(f, value, { node, itemIndex, timezone, path: `${collectionLabel} → ${f.label}` });
		if (serialized !== SKIP) body[f.api] = serialized as IDataObject;
	}
	if (!Object.keys(body).length) {
		fail({ node, itemIndex, timezone, path: opts.empty?.path ?? collectionLabel }, 'nothing to send', opts.empty?.fix ?? `Add at least one field under ${collectionLabel}.`);
	}
	return body;
}
