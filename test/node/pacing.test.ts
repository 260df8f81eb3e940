/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Pacing across the items of one run: a 429's Retry-After holds every request of the run, not only the
// one that met it; and each execution has its own pacing, so two runs never wait for each other. And bulk
// writes start sending early: n8n's routing engine prepares every input item before the first request can
// leave, so the node builds each item's body only when the executor admits it (executor/prepare.ts).
// And the limiter itself: waiters get a slot in the order they came (a retry first), a shorter pause
// never shortens a longer one, and a run's limiter is shared while anyone uses it.
import type { IDataObject } from 'n8n-workflow';

import { ITEMS_PER_SLOT, Limiter, withLimiter } from '../../nodes/shared/transport/limiter';
import * as body from '../../nodes/shared/requests/body';
import { byId, crmRequests, DEMO, rateLimited, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const RETRY_AFTER_S = 1;

const ids = (n: number) => ctx.sandbox.records(DEMO.consumerId, 'companies').slice(0, n).map((c: IDataObject) => String(c.id));
const pathOf = (id: string) => `/crm/companies/${id}`;

test("while a 429's Retry-After is in force, the other items' requests wait too", async () => {
	const [first, ...others] = ids(4);
	ctx.sandbox.intercept(({ path, seen }) => (path === pathOf(first) && seen === 0 ? rateLimited(String(RETRY_AFTER_S)) : undefined));

	const { items, error } = await run(
		ctx,
		{ resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}'), requestOptions: { maxConcurrency: 1 } },
		{ items: [first, ...others].map((id) => ({ id })) },
	);

	expect(error).toBeUndefined();
	expect(items.map((i) => i.id)).toEqual([first, ...others]);
	const requests = crmRequests(ctx);
	const limited = requests.find((r) => r.status === 429)!;
	expect(limited.path).toBe(pathOf(first));
	const after = requests.filter((r) => r.at! > limited.at!);
	// the first item's retry and every other item's request: none before Retry-After has passed
	expect(after.map((r) => r.path).sort()).toEqual([first, ...others].map(pathOf).sort());
	for (const r of after) expect(r.at! - limited.at!).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 20);
});

test('an item that gives up on a 429 (Retry-After beyond its Max Rate-Limit Wait) does not hold the other items', async () => {
	const [first, second] = ids(2);
	ctx.sandbox.intercept(({ path, seen }) => (path === pathOf(first) && seen === 0 ? rateLimited('3600') : undefined));
	const { items, error } = await run(
		ctx,
		// Max Rate-Limit Wait (1 s) is less than Retry-After: the first item gives up, the second is not held an hour
		{ resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}'), requestOptions: { maxConcurrency: 1, maxRateLimitWait: 1 } },
		{ items: [{ id: first }, { id: second }] },
	);
	expect(error?.httpCode).toBe('429');
	expect(items).toEqual([]);
	const requests = crmRequests(ctx);
	expect(requests.map((r) => [r.path, r.status])).toEqual([
		[pathOf(first), 429],
		[pathOf(second), 200],
	]);
	// not held for the 60 s the Retry-After would have cost (the longest single wait)
	expect(requests[1].at! - requests[0].at!).toBeLessThan(10_000);
});

test('each execution paces itself: a 429 in one run does not hold a concurrent run', async () => {
	const [slow, ...fast] = ids(3);
	ctx.sandbox.intercept(({ path, seen }) => (path === pathOf(slow) && seen === 0 ? rateLimited('5') : undefined));

	const first = run(ctx, { resource: 'company', operation: 'get', companyId: byId(slow), requestOptions: { maxConcurrency: 1 } });
	// the second run starts once the first has met its 429 and holds its pace for 5 s
	const deadline = Date.now() + 10_000;
	while (!ctx.sandbox.requests.some((r) => r.status === 429) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
	const limited = ctx.sandbox.requests.find((r) => r.status === 429)!;
	expect(limited).toBeDefined();

	const second = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}'), requestOptions: { maxConcurrency: 1 } }, { items: fast.map((id) => ({ id })) });
	const firstResult = await first;

	expect(second.error).toBeUndefined();
	expect(second.items.map((i) => i.id)).toEqual(fast);
	expect(firstResult.error).toBeUndefined();
	expect(second.executionId).not.toBe(firstResult.executionId);
	const fastRequests = crmRequests(ctx).filter((r) => fast.map(pathOf).includes(r.path));
	expect(fastRequests).toHaveLength(2);
	// sent while the first run was still waiting out its Retry-After
	for (const r of fastRequests) expect(r.at! - limited.at!).toBeLessThan(4000);
	const retry = crmRequests(ctx).filter((r) => r.path === pathOf(slow));
	expect(retry.map((r) => r.status)).toEqual([429, 200]);
	expect(retry[1].at! - limited.at!).toBeGreaterThanOrEqual(5000 - 20);
});

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

/** Lets every pending promise callback run. */
const settle = async () => await new Promise<void>((r) => setImmediate(r));

describe('the limiter', () => {
	test('waiters get a slot in the order they came; a retry goes first', async () => {
		const limiter = new Limiter(1);
		await limiter.acquire(false);
		const order: string[] = [];
		void limiter.acquire(false).then(() => order.push('first'));
		void limiter.acquire(false).then(() => order.push('second'));
		void limiter.acquire(true).then(() => order.push('retry'));
		for (let i = 0; i < 3; i++) {
			limiter.release();
			await settle();
		}
		expect(order).toEqual(['retry', 'first', 'second']);
	});

	test('a shorter pause never shortens a longer one', async () => {
		jest.useFakeTimers();
		try {
			const limiter = new Limiter(2);
			const now = Date.now();
			limiter.pauseUntil(now + 10_000);
			limiter.pauseUntil(now + 1_000);
			let through = false;
			const done = limiter.acquire(false).then(() => {
				through = true;
			});
			await jest.advanceTimersByTimeAsync(9_000);
			expect(through).toBe(false);
			await jest.advanceTimersByTimeAsync(1_000);
			await done;
			expect(through).toBe(true);
		} finally {
			jest.useRealTimers();
		}
	});

	test('a run\'s limiter is shared while anyone uses it, and a later run with the same key starts afresh', async () => {
		const key = 'execution-1:node-1';
		let open!: () => void;
		const gate = new Promise<void>((r) => (open = r));
		// B holds the only slot
		const b = withLimiter(key, 1, async (limiter) => {
			await limiter.acquire(false);
			await gate;
			limiter.release();
		});
		// A used the same limiter and is done while B still holds its slot
		await withLimiter(key, 1, async () => undefined);
		// C comes later: it must wait for B's slot
		let cIn = false;
		const c = withLimiter(key, 1, async (limiter) => {
			await limiter.acquire(false);
			cIn = true;
			limiter.release();
		});
		await settle();
		expect(cIn).toBe(false);
		open();
		await Promise.all([b, c]);
		expect(cIn).toBe(true);
		// everyone is done: the next user of the key gets a limiter with its own maximum
		const admitted = await withLimiter(key, 3, async (limiter) => {
			let n = 0;
			const all = [1, 2, 3].map(async () => {
				await limiter.acquire(false);
				n++;
			});
			await settle();
			const seen = n;
			for (let i = 0; i < 3; i++) {
				limiter.release();
				await settle();
			}
			await Promise.all(all);
			return seen;
		});
		expect(admitted).toBe(3);
	});
});
