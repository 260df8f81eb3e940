/**
 * IDs in URL paths. Whatever a user types (or an expression, or an event) gives as an ID becomes
 * exactly one path segment: percent-encoded, and never "." or "..", which URL normalisation would
 * turn into the collection itself or its parent (DELETE /crm/companies/. is DELETE /crm/companies/).
 */
import type { INode } from 'n8n-workflow';

import { inputError } from './errors';

const DOT_SEGMENTS = new Set(['.', '..']);

/** Whether a value can be used as one path segment. */
export function isSafeSegment(id: string): boolean {
	return id !== '' && !DOT_SEGMENTS.has(id);
}

/** The ID as one encoded path segment; empty, "." and ".." are refused with an error naming the field. */
export function pathSegment(node: INode, id: unknown, field: string, itemIndex?: number): string {
	const text = String(id ?? '').trim();
	if (text === '') throw inputError(node, field, 'is empty', `Pick a value from the list or enter an ID.`, itemIndex);
	if (DOT_SEGMENTS.has(text)) {
		throw inputError(node, field, `"${text}" is not an ID`, 'Enter the ID of a record; "." and ".." would address another endpoint.', itemIndex);
	}
	return encodeURIComponent(text);
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
			throw inputError(node, 'Record ID', `the request path "${path}" holds a "${decoded}" segment`, 'Enter the ID of a record; "." and ".." would address another endpoint.');
		}
	}
}
