/**
 * Stamps each request the sandbox records with its arrival time (a non-enumerable `arrivedAt`, ms on
 * the bench's clock), so a run can be split into "before the first request", "sending" and "after the
 * last response" without touching the sandbox.
 */
import type { RecordedRequest, Sandbox } from '../../sandbox';
import { nowMs } from './stats';

const installed = new WeakSet<object>();

export function installRequestClock(sandbox: Sandbox) {
	const list = sandbox.requests;
	if (installed.has(list)) return;
	installed.add(list);
	const push = list.push;
	list.push = function stampedPush(this: RecordedRequest[], ...items: RecordedRequest[]) {
		const at = nowMs();
		for (const item of items) Object.defineProperty(item, 'arrivedAt', { value: at, enumerable: false });
		return push.apply(this, items);
	};
}

export const arrivedAt = (request: RecordedRequest) => (request as RecordedRequest & { arrivedAt?: number }).arrivedAt ?? NaN;
