// Bulk writes start sending early: n8n's routing engine prepares every input item before the first
// request can leave, so the node builds each item's body only when the executor admits the item
// (shared/prepare.ts), 20 items per request slot. This counts the bodies really built when the first
// request arrives; test/node/pacing.test.ts counts the executor's preparation calls.
// (Outside the mutation suite's test list until the next mutation run takes it in: a new test there
// makes the incremental run re-test every mutant it covers. See CONTRIBUTING.md, Mutation testing.)
import type { IDataObject } from 'n8n-workflow';

import * as body from '../../nodes/shared/requests/body';
import { ITEMS_PER_SLOT } from '../../nodes/shared/transport/limiter';
import { crmRequests, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

test('300 creates: when the first request arrives, 20 bodies per request slot are built, not 300; all 300 are created once, in order', async () => {
	const built = jest.spyOn(body, 'buildBody');
	let builtAtFirstRequest: number | undefined;
	ctx.sandbox.intercept(({ method }) => {
		if (method === 'POST' && builtAtFirstRequest === undefined) builtAtFirstRequest = built.mock.calls.length;
		return undefined;
	});
	try {
		const names = Array.from({ length: 300 }, (_, i) => `Built late ${String(i).padStart(3, '0')}`);
		const { items, error } = await run(
			ctx,
			{ resource: 'company', operation: 'create', companyName: '={{ $json.name }}', requestOptions: { maxConcurrency: 2 } },
			{ items: names.map((name) => ({ name })) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(300);
		expect(builtAtFirstRequest).toBe(2 * ITEMS_PER_SLOT);
		expect(built).toHaveBeenCalledTimes(300);
		const posted = crmRequests(ctx).filter((r) => r.method === 'POST');
		expect(posted.map((r) => (r.body as IDataObject).name)).toEqual(names);
	} finally {
		built.mockRestore();
	}
});

test('a blind 429 right after a precise one counts from one again: 429 (0), 429 (0), 429 (0.05 s), 429 (0), then the answer; the last retry goes at once', async () => {
	const retryAfter = ['0', '0', '0.05', '0'];
	ctx.sandbox.intercept(({ method, seen }) =>
		method !== 'POST' || seen >= retryAfter.length
			? undefined
			: { kind: 'respond', status: 429, headers: { 'retry-after': retryAfter[seen] }, body: { status_code: 429, error: 'Too Many Requests', type_name: 'RateLimitError', message: 'Slow down' } },
	);
	const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Counted afresh' });
	expect(error).toBeUndefined();
	expect(items[0].id).toBeTruthy();
	const at = crmRequests(ctx).map((r) => r.at!);
	expect(at).toHaveLength(5);
	// counted with the two blind 429s before the precise one, it would back off 0.1-0.2 s
	expect(at[4] - at[3]).toBeLessThan(60);
});
