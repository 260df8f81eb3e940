/**
 * IDs the user gives become exactly one path segment: trimmed, percent-encoded, never empty, `.` or `..`
 * (which URL normalisation would collapse into another endpoint).
 */
import type { INode } from 'n8n-workflow';

import { locatorValue } from './body';
import { inputError } from './errors';

interface Where {
	getNode(): INode;
	getItemIndex?(): number;
}

/** The ID in a picker or text value as one encoded path segment, or a clear error naming the field. */
export function pathSegment(ctx: Where, field: string, value: unknown, fix: string): string {
	const id = String(locatorValue(value) ?? '').trim();
	const itemIndex = ctx.getItemIndex?.();
	if (!id) throw inputError(ctx.getNode(), field, 'is empty', fix, itemIndex);
	if (id === '.' || id === '..') throw inputError(ctx.getNode(), field, `"${id}" is not an ID`, fix, itemIndex);
	return encodeURIComponent(id);
}
