import { BODY_FIELDS, RESOURCE_DEFS, type Field, type Resource } from './schema';

export interface ValidationIssue {
	/** dotted path of the offending field, e.g. `emails[0].type` */
	field: string;
	problem: string;
	kind: 'missing' | 'invalid';
}

export type ValidationResult =
	| { ok: true; value: Record<string, unknown> }
	| { ok: false; issues: ValidationIssue[] };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isDateTime(v: string): boolean {
	return DATE_TIME_RE.test(v) && !Number.isNaN(Date.parse(v));
}

function isEmpty(v: unknown): boolean {
	return v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

function checkValue(f: Field, v: unknown, path: string, issues: ValidationIssue[]): void {
	const bad = (problem: string): void => {
		issues.push({ field: path, problem, kind: 'invalid' });
	};
	if (v === null) {
		if (!f.nullable) bad('must not be null');
		return;
	}
	switch (f.type) {
		case 'any':
			return;
		case 'string':
		case 'date':
		case 'date-time':
		case 'email': {
			if (typeof v !== 'string') return bad(`must be a string (got ${typeName(v)})`);
			if (f.minLength && v.length < f.minLength) return bad(f.minLength === 1 ? 'must not be empty' : `must have at least ${f.minLength} characters`);
			if (f.maxLength !== undefined && v.length > f.maxLength) return bad(`must have at most ${f.maxLength} characters`);
			if (f.enum && !f.enum.includes(v)) {
				const shown = f.enum.length > 12 ? `${f.enum.slice(0, 12).join(', ')}, ...` : f.enum.join(', ');
				return bad(`'${v}' is not an allowed value (allowed: ${shown})`);
			}
			if (f.type === 'date' && (!DATE_RE.test(v) || Number.isNaN(Date.parse(v))))
				return bad(`'${v}' is not a date (YYYY-MM-DD)`);
			if (f.type === 'date-time' && !isDateTime(v))
				return bad(`'${v}' is not an ISO 8601 date-time with a time zone`);
			if (f.type === 'email' && !EMAIL_RE.test(v)) return bad(`'${v}' is not an e-mail address`);
			return;
		}
		case 'number':
			if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`must be a number (got ${typeName(v)})`);
			if (f.minimum !== undefined && v < f.minimum) return bad(`must be >= ${f.minimum}`);
			return;
		case 'integer':
			if (typeof v !== 'number' || !Number.isInteger(v)) return bad(`must be an integer (got ${JSON.stringify(v)})`);
			if (f.minimum !== undefined && v < f.minimum) return bad(`must be >= ${f.minimum}`);
			return;
		case 'boolean':
			if (typeof v !== 'boolean') return bad(`must be a boolean (got ${typeName(v)})`);
			return;
		case 'array':
			if (!Array.isArray(v)) return bad(`must be an array (got ${typeName(v)})`);
			if (f.items) v.forEach((item, i) => checkValue(f.items as Field, item, `${path}[${i}]`, issues));
			return;
		case 'object':
			if (typeof v !== 'object' || Array.isArray(v)) return bad(`must be an object (got ${typeName(v)})`);
			if (f.props)
				checkObject(f.props, f.required ?? [], v as Record<string, unknown>, `${path}.`, issues, false, f.open);
			return;
	}
}

function checkObject(
	props: Record<string, Field>,
	required: readonly string[],
	value: Record<string, unknown>,
	prefix: string,
	issues: ValidationIssue[],
	strictRequired: boolean,
	open = false,
): void {
	for (const [k, v] of Object.entries(value)) {
		const f = props[k];
		const path = prefix + k;
		if (!f) {
			if (open) continue;
			issues.push({ field: path, problem: 'is not a known property', kind: 'invalid' });
			continue;
		}
		if (f.readOnly) {
			issues.push({ field: path, problem: 'is read-only and cannot be set', kind: 'invalid' });
			continue;
		}
		if (v === undefined) continue;
		// an empty value for a required field is reported once, as missing
		if (strictRequired && required.includes(k) && isEmpty(v)) continue;
		checkValue(f, v, path, issues);
	}
	for (const r of required) {
		const v = value[r];
		if (v === undefined) {
			issues.push({ field: prefix + r, problem: 'is required', kind: 'missing' });
		} else if (strictRequired && isEmpty(v)) {
			issues.push({ field: prefix + r, problem: 'is required and must have a value', kind: 'missing' });
		}
	}
}

/**
 * Validates a create (POST) or update (PATCH) body.
 * - create: every required field must be present with a non-empty value;
 * - update: a partial body is fine (merge), but a required field may not be cleared.
 * Unknown and read-only properties are rejected (the contract is closed: additionalProperties false).
 * Known are the 10.3.6 contract's properties and what Apideck's current API adds (schema.ts, BODY_FIELDS).
 */
export function validateBody(resource: Resource, body: unknown, mode: 'create' | 'update'): ValidationResult {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return {
			ok: false,
			issues: [{ field: 'body', problem: `must be a JSON object (got ${typeName(body)})`, kind: 'invalid' }],
		};
	}
	const def = RESOURCE_DEFS[resource];
	const fields = BODY_FIELDS[resource];
	const issues: ValidationIssue[] = [];
	const value = body as Record<string, unknown>;
	if (mode === 'create') {
		checkObject(fields, def.required, value, '', issues, true, def.open);
	} else {
		const rest = { ...value };
		for (const r of def.required) {
			if (r in value && isEmpty(value[r])) {
				issues.push({ field: r, problem: 'is required and cannot be cleared', kind: 'missing' });
				delete rest[r];
			}
		}
		checkObject(fields, [], rest, '', issues, false, def.open);
	}
	if (issues.length) return { ok: false, issues };
	return { ok: true, value: structuredClone(value) };
}

export function describeIssues(issues: ValidationIssue[]): string {
	return issues.map((i) => `'${i.field}' ${i.problem}`).join('; ');
}
