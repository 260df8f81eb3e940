/**
 * IDs in URL paths. Whatever a user types (or an expression, or an event) gives as an ID becomes
 * exactly one path segment: trimmed, percent-encoded, never empty, and never "." or "..", which URL
 * normalisation would turn into the collection itself or its parent (DELETE /crm/companies/. is
 * DELETE /crm/companies/).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { inputError } from './errors';

/** Value of a resource locator ({ __rl, mode, value }) or a plain value. */
export function locatorValue(value: unknown): unknown {
	if (value && typeof value === 'object' && '__rl' in (value as IDataObject)) return (value as IDataObject).value;
	return value;
}

const DOT_SEGMENTS = new Set(['.', '..']);

const DOT_FIX = '"." and ".." are not IDs: they would address another endpoint.';

interface Where {
	getNode(): INode;
	getItemIndex?(): number;
}

/** Whether a value can be used as one path segment. */
export function isSafeSegment(id: string): boolean {
	return id !== '' && !DOT_SEGMENTS.has(id);
}

/** The ID in a picker or text value as one encoded path segment, or a clear error naming the field. */
export function pathSegment(ctx: Where, field: string, value: unknown, fix: string): string {
	const id = String(locatorValue(value) ?? '').trim();
	const itemIndex = ctx.getItemIndex?.();
	if (!id) throw inputError(ctx.getNode(), field, 'is empty', fix, itemIndex);
	if (DOT_SEGMENTS.has(id)) throw inputError(ctx.getNode(), field, `"${id}" is not an ID`, `${fix} ${DOT_FIX}`, itemIndex);
	return encodeURIComponent(id);
}

/**
 * Last line of defence in the transport: a URL whose path holds a "." or ".." segment (raw or
 * percent-encoded) is never sent.
 */
export function assertSafePath(node: INode, url: string): void {
	const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').split(/[?#]/)[0];
	for (const segment of path.split('/')) {
		let decoded = segment;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			// not encoded: checked as it is
		}
		if (DOT_SEGMENTS.has(segment) || DOT_SEGMENTS.has(decoded)) {
			throw inputError(node, 'Request path', `"${path}" holds a "${decoded}" segment`, `Check the Base URL of the credentials and the IDs. ${DOT_FIX}`);
		}
	}
}
