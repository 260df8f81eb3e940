/**
 * Dates and times as the user means them. n8n's date-time input gives values without an offset
 * ("2026-03-01T10:00:00"): they are read in the workflow's time zone (workflow settings, else the
 * instance's GENERIC_TIMEZONE), never in the n8n process's. Values that carry an offset or "Z" keep it.
 */
import { DateTime } from 'luxon';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isLuxon(value: unknown): value is DateTime {
	return DateTime.isDateTime(value) || (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function');
}

/** A date-time as a luxon DateTime, or undefined when it is not one. */
export function readDateTime(value: unknown, timezone: string): DateTime | undefined {
	if (isLuxon(value)) {
		const iso = (value as { toISO(): string | null }).toISO();
		return iso ? DateTime.fromISO(iso, { setZone: true }) : undefined;
	}
	// an instant (a Date, a timestamp) is seen in the workflow's zone, so its date is the date there
	// a Date an expression returns comes from the expression engine's own realm (n8n's vm engine), so it is
	// recognised by its tag, not with instanceof
	if (Object.prototype.toString.call(value) === '[object Date]') {
		const ms = (value as Date).getTime();
		return Number.isNaN(ms) ? undefined : DateTime.fromMillis(ms, { zone: timezone });
	}
	if (typeof value === 'number') return Number.isFinite(value) ? DateTime.fromMillis(value, { zone: timezone }) : undefined;
	const text = String(value ?? '').trim();
	if (text === '') return undefined;
	// an offset in the text wins and is kept; without one the text is the workflow's local time
	const options = { zone: timezone, setZone: true };
	const candidates = [DateTime.fromISO(text, options), DateTime.fromSQL(text, options), DateTime.fromRFC2822(text, options), DateTime.fromHTTP(text, options)];
	return candidates.find((d) => d.isValid);
}

/** ISO 8601 in UTC ("2026-03-01T15:00:00.000Z"), or undefined when the value is not a date-time. */
export function toUtcIso(value: unknown, timezone: string): string | undefined {
	return readDateTime(value, timezone)?.toUTC().toISO() ?? undefined;
}

/** YYYY-MM-DD: a plain date is kept as typed; a date-time gives its date where it was written. */
export function toDateOnly(value: unknown, timezone: string): string | undefined {
	if (typeof value === 'string' && DATE_ONLY.test(value.trim())) return value.trim();
	const date = readDateTime(value, timezone);
	if (!date) return undefined;
	// a date-time without an offset is the workflow's local time, one with an offset is read where written
	return date.toISODate() ?? undefined;
}
