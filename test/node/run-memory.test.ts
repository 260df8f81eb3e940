/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What Create or Update remembers within one run (executor/runMemory.ts): items of one key wait for each
// other, a key keeps the record it found or created, and a run's memory is let go an hour after its last
// item, never while one of its items is still running. Time is n8n's process clock (Date.now), set here.
import { exclusive, type KeyState } from '../../nodes/ApideckCrm/executor/runMemory';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

let now = 0;
beforeEach(() => {
	// every test starts a day after the previous one, so no run of an earlier test is still in memory
	now += 24 * HOUR;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

/** The record ID the run remembers for the key (read inside the queue, as an item would). */
const remembered = (run: string, key: string) => exclusive(run, key, async (state) => state.id);
const remember = (run: string, key: string, id: string) =>
	exclusive(run, key, async (state) => {
		state.id = id;
	});

test('items of one key run one after the other, items of other keys do not wait', async () => {
	const order: string[] = [];
	let finishFirst!: () => void;
	const first = exclusive('run-a', 'k', async () => {
		order.push('first started');
		await new Promise<void>((resolve) => (finishFirst = resolve));
		order.push('first done');
	});
	const second = exclusive('run-a', 'k', async () => {
		order.push('second started');
	});
	const other = exclusive('run-a', 'other', async () => {
		order.push('other key started');
	});
	await other;
	await new Promise((resolve) => setImmediate(resolve));
	expect(order).toEqual(['first started', 'other key started']);
	finishFirst();
	await Promise.all([first, second]);
	expect(order).toEqual(['first started', 'other key started', 'first done', 'second started']);
});

test('a failed item does not hold up the next one of its key, which sees what the run remembers', async () => {
	await remember('run-b', 'k', 'rec_1');
	await expect(exclusive('run-b', 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
	await expect(remembered('run-b', 'k')).resolves.toBe('rec_1');
	// another run (execution or node) does not see it
	await expect(remembered('run-c', 'k')).resolves.toBeUndefined();
});

test("a run's memory is kept for an hour after its last item", async () => {
	await remember('run-d', 'k', 'rec_1');
	now += HOUR;
	await expect(remembered('run-d', 'k')).resolves.toBe('rec_1');
	// the item just read it: the hour starts again
	now += HOUR - MINUTE;
	await expect(remembered('run-d', 'k')).resolves.toBe('rec_1');
});

test("a run's memory is let go after an hour without an item", async () => {
	await remember('run-e', 'k', 'rec_1');
	await remember('run-e', 'k2', 'rec_2');
	now += HOUR + MINUTE;
	await expect(remembered('run-e', 'k')).resolves.toBeUndefined();
	await expect(remembered('run-e', 'k2')).resolves.toBeUndefined();
});

test('any run that uses the memory lets go of the idle ones, after several items and failures alike', async () => {
	await remember('run-f', 'k', 'rec_1');
	await expect(exclusive('run-f', 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
	await remember('run-f', 'k', 'rec_2');
	now += HOUR + MINUTE;
	// an item of another run comes first: run-f is let go then, not only when run-f itself comes back
	await remember('run-g', 'k', 'rec_9');
	let seen: KeyState | undefined;
	await exclusive('run-f', 'k', async (state) => {
		seen = state;
	});
	expect(seen?.id).toBeUndefined();
});

test("a run with an item still running is kept, however long the item takes; the hour counts from its end", async () => {
	await remember('run-h', 'k', 'rec_1');
	let finish!: () => void;
	const slow = exclusive('run-h', 'slow', () => new Promise<void>((resolve) => (finish = resolve)));
	now += 3 * HOUR;
	await remember('run-i', 'k', 'rec_9'); // looks for idle runs: run-h has an item running
	now += HOUR / 2;
	finish();
	await slow;
	now += HOUR / 2;
	await remember('run-i', 'k', 'rec_9'); // looks again: run-h's item ended half an hour ago
	await expect(remembered('run-h', 'k')).resolves.toBe('rec_1');
	now += HOUR + MINUTE;
	await expect(remembered('run-h', 'k')).resolves.toBeUndefined();
});

test('idle runs are looked for at most once a minute, not on every item', async () => {
	await remember('run-j', 'k', 'rec_1');
	now += HOUR - 10 * 1000;
	await remember('run-k', 'k', 'rec_9'); // a look: run-j is not idle for an hour yet
	now += 20 * 1000;
	// run-j has now been idle for an hour and 10 s, but the last look was 20 s ago: it is still remembered
	await expect(remembered('run-j', 'k')).resolves.toBe('rec_1');
	now += HOUR + MINUTE;
	await expect(remembered('run-j', 'k')).resolves.toBeUndefined();
});
