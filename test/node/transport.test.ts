// Small pure parts of the transport: Retry-After parsing and the back-off schedule.
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../nodes/ApideckCrm/shared/transport';

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
