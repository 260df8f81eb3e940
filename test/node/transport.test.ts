// Small pure parts of the transport: Retry-After parsing and the back-off schedule, and how long the node
// waits before sending a failed request again (the random part of the back-off).
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, rateLimitDelay } from '../../nodes/shared/transport/transport';

test('Retry-After in seconds, fractional seconds and as an HTTP date', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	expect(parseRetryAfter('3', now)).toBe(3000);
	expect(parseRetryAfter('0.25', now)).toBe(250);
	expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
	expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0); // in the past: go now
	expect(parseRetryAfter(undefined, now)).toBeUndefined();
	expect(parseRetryAfter('soon', now)).toBeUndefined();
	expect(parseRetryAfter(['2'], now)).toBe(2000);
});

test('back-off grows exponentially with jitter and stays under the cap', () => {
	for (let attempt = 1; attempt <= 12; attempt++) {
		const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
		for (let i = 0; i < 50; i++) {
			const delay = backoffDelay(attempt, DEFAULT_RETRY);
			expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
	}
});

/** Requests one item sends against a permanent 429 within the budget, if every wait is as short as the jitter allows. */
function requestsWithin(budgetMs: number, retryAfterMs: number | undefined) {
	const random = jest.spyOn(Math, 'random').mockReturnValue(0);
	try {
		let waited = 0;
		let sent = 1;
		for (let consecutive = 1; ; consecutive++) {
			const wait = rateLimitDelay(consecutive, retryAfterMs, DEFAULT_RETRY);
			if (budgetMs <= 0 || waited + wait > budgetMs) return sent;
			waited += wait;
			sent++;
		}
	} finally {
		random.mockRestore();
	}
}

test('rate limits: a Retry-After above 0 is the wait, 0 or none backs off consecutive 429s, and the default budget allows at most 20 requests', () => {
	expect(rateLimitDelay(1, 0, DEFAULT_RETRY)).toBe(0);
	expect(rateLimitDelay(1, 3000, DEFAULT_RETRY)).toBe(3000);
	expect(rateLimitDelay(2, 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(50);
	expect(rateLimitDelay(5, 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(400);
	expect(rateLimitDelay(12, 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(30_000);
	// the API said when a slot frees: no back-off on top of it, however many 429s came before
	expect(rateLimitDelay(5, 10_000, DEFAULT_RETRY)).toBe(10_000);
	expect(rateLimitDelay(12, 250, DEFAULT_RETRY)).toBe(250);
	expect(rateLimitDelay(2, 1, DEFAULT_RETRY)).toBe(1);
	expect(rateLimitDelay(3, 120_000, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxDelayMs);
	expect(rateLimitDelay(40, 0, DEFAULT_RETRY)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
	// no Retry-After at all: back off from the first 429
	expect(rateLimitDelay(1, undefined, DEFAULT_RETRY)).toBeGreaterThanOrEqual(50);
	expect(requestsWithin(DEFAULT_RETRY.maxRateLimitWaitMs, 0)).toBeLessThanOrEqual(20);
	expect(requestsWithin(DEFAULT_RETRY.maxRateLimitWaitMs, undefined)).toBeLessThanOrEqual(20);
	expect(requestsWithin(0, 0)).toBe(1);
});

describe('the wait before a retry is a random point between half the step and the whole step', () => {
	afterEach(() => {
		jest.restoreAllMocks();
	});

	test.each([
		[0, 1, 250],
		[1, 1, 500],
		[0.5, 3, 1500],
		[1, 3, 2000],
		[1, 20, 60_000],
	])('random %p, attempt %p: %p ms', (random, attempt, expected) => {
		jest.spyOn(Math, 'random').mockReturnValue(random);
		expect(backoffDelay(attempt, DEFAULT_RETRY)).toBe(expected);
	});
});
