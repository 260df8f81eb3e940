/**
 * Validated writes of the 10.3.6 resources, shared by the HTTP handlers (POST, PATCH) and the
 * in-process helpers `sb.createRecord` / `sb.updateRecord`, so both store a record the same way.
 * Errors are ApiErrors (400/422 validation, 404 unknown id). Webhook events are the caller's business.
 */
import { mergeCustomFields, withDefinitionNames } from './customFields';
import { errors } from './errors';
import { RESOURCE_DEFS, type Resource } from './schema';
import type { ConnectionData, Rec, Store } from './store';
import { describeIssues, validateBody } from './validate';

function checked(resource: Resource, input: unknown, mode: 'create' | 'update'): Record<string, unknown> {
	const v = validateBody(resource, input, mode);
	if (!v.ok) {
		const status = v.issues.every((i) => i.kind === 'missing') ? 422 : 400;
		throw errors.validation(describeIssues(v.issues), status);
	}
	return v.value;
}

/** Validates a create body and stores it (server-side fields, timestamps from the store's clock). */
export function createChecked(store: Store, conn: ConnectionData, resource: Resource, input: unknown): Rec {
	const body = checked(resource, input, 'create');
	if (Array.isArray(body.custom_fields))
		body.custom_fields = withDefinitionNames(conn.serviceId, resource, body.custom_fields as Record<string, unknown>[]);
	if (resource === 'pipelines' && typeof body.id === 'string' && conn.collections.pipelines.byId.has(body.id))
		throw errors.validation(`A pipeline with id '${body.id}' already exists`, 422);
	return store.create(conn, resource, body);
}

/** Validates a patch and merges it into the record with that id (updated_at from the store's clock). */
export function updateChecked(store: Store, conn: ConnectionData, resource: Resource, id: string, input: unknown): Rec {
	const patch = checked(resource, input, 'update');
	if (resource === 'pipelines' && patch.id !== undefined && patch.id !== id)
		throw errors.validation(`'id' cannot be changed (path id '${id}', body id '${String(patch.id)}')`);
	// custom_fields merge by id into the stored ones (see mergeCustomFields); names come from the connector
	const stored = conn.collections[resource].byId.get(id);
	if (stored && Array.isArray(patch.custom_fields))
		patch.custom_fields = withDefinitionNames(
			conn.serviceId,
			resource,
			mergeCustomFields(stored.custom_fields, patch.custom_fields as Record<string, unknown>[]),
		);
	const rec = store.update(conn, resource, id, patch);
	if (!rec) throw errors.notFound(RESOURCE_DEFS[resource].singular, id);
	return rec;
}
