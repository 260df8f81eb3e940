/**
 * One poll of the Apideck CRM Polling Trigger: read the resource's list newest first, 200 records a page,
 * up to the page that reaches below the newest timestamp the last poll saw, and emit the records it had
 * not seen, oldest first. Nothing new costs one request; N new records about N/200, plus one at most.
 *
 * The state (the workflow's static data, which n8n saves when a poll emits) holds only the CRM's own
 * timestamps, never n8n's clock:
 *   - `newest`: the newest timestamp seen of the watched field (created_at, or updated_at);
 *   - `floor`: records older than this are never emitted (`newest` minus an overlap window, so that a
 *     record that shows up in the list late, with an older timestamp, is still caught when it is on the
 *     page read);
 *   - `seen`: id → timestamp of every record at or after `floor` that was emitted or already there, so
 *     ties at the boundary and the overlap window are emitted exactly once.
 * The state changes only after every request of the poll succeeded: a failed poll leaves it as it was,
 * and the next poll emits what the failed one would have.
 *
 * A connector that cannot sort (Apideck answers 400 UnsupportedSortFieldError) is read with
 * `filter[updated_since]` where the resource has it; otherwise the poll fails with an error that says so.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { locatorValue } from '../shared/transport/paths';
import { withCustomFieldsByName } from '../shared/descriptions/customFieldNames';
import { nodeError } from '../shared/transport/errors';
import { MAX_PAGE_SIZE } from '../shared/definitions/resource';
import { listFilterQuery } from '../shared/requests/routing';
import { apideckCredentials, apideckRequest, baseUrlOf, type RetryPolicy } from '../shared/transport/transport';
import { eventItemFields } from '../shared/definitions/events';
import { pollResourceOf, POLL_EVENTS, type PollEvent, type PollResource } from './resources';

/** How far back a poll looks past the newest timestamp it saw, for records that appear in the list late. */
export const OVERLAP_MS = 5 * 60_000;
/** The most record IDs the state keeps; past it, the floor moves up (see pruned). */
export const MAX_SEEN = 2_000;
/** How far back "Fetch Test Event" looks on a connector that cannot sort. */
const TEST_EVENT_LOOKBACK_MS = 30 * 24 * 3_600_000;

/** A poll runs on a schedule: retry 5xx and resets a few times, wait for rate limits up to a minute. */
const POLL_RETRY: RetryPolicy = { maxAttempts: 3, maxRateLimitWaitMs: 60_000, baseDelayMs: 500, maxDelayMs: 20_000 };

export interface PollState extends IDataObject {
	/** what the state was made for (resource, event, service, filters): another one starts afresh */
	key: string;
	/** 'sort': sorted newest first; 'updatedSince': the connector cannot sort, read with filter[updated_since] */
	strategy: 'sort' | 'updatedSince';
	/** newest timestamp seen of the watched field, as the CRM wrote it; null: no record seen yet */
	newest: string | null;
	/** epoch ms; older records are not emitted. null: every record is new (the list was empty at the start) */
	floor: number | null;
	/** 'updatedSince' only: epoch ms sent as filter[updated_since] */
	since?: number;
	/** record id → epoch ms of its watched timestamp, for records at or after floor */
	seen: Record<string, number>;
}

interface Settings {
	resource: PollResource;
	event: PollEvent;
	/** created_at or updated_at */
	field: 'created_at' | 'updated_at';
	serviceId: string;
	filters: IDataObject;
	key: string;
	/** Options → Custom Fields as Properties */
	customFieldsByName: boolean;
}

interface ListedRecord {
	record: IDataObject;
	id: string;
	/** epoch ms of the watched field */
	ts: number;
}

function readSettings(ctx: IPollFunctions): Settings {
	const node = ctx.getNode();
	const resourceValue = String(ctx.getNodeParameter('resource', ''));
	const resource = pollResourceOf(resourceValue);
	if (!resource) {
		throw new NodeOperationError(node, `Resource: unknown value "${resourceValue}"`, {
			description: 'Pick a resource from the list: Activity, Company, Contact, Lead or Opportunity.',
		});
	}
	const event = String(ctx.getNodeParameter('event', '')) as PollEvent;
	if (!POLL_EVENTS.includes(event)) {
		throw new NodeOperationError(node, `Trigger On: unknown value "${event}"`, {
			description: 'Pick Record Created or Record Created or Updated.',
		});
	}
	const serviceId = String(locatorValue(ctx.getNodeParameter('service', '')) ?? '').trim();
	const values = (ctx.getNodeParameter(resource.filtersParameter, {}) ?? {}) as IDataObject;
	const filters = listFilterQuery(node, resource.filters, values, ctx.getTimezone());
	const field = event === 'created' ? 'created_at' : 'updated_at';
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return {
		resource,
		event,
		field,
		serviceId,
		filters,
		key: JSON.stringify([resource.def.value, event, serviceId, filters]),
		customFieldsByName: options.customFieldsByName === true,
	};
}

/** Epoch ms of a timestamp the CRM wrote; undefined when there is none or it is not a date. */
export function timeOf(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

function isUnsupportedSort(error: unknown): boolean {
	if (!(error instanceof NodeApiError) || String(error.httpCode) !== '400') return false;
	const apideck = (error.context as IDataObject)?.apideck as IDataObject | undefined;
	return /unsupportedsort/i.test(String(apideck?.type_name ?? ''));
}

function cannotSortError(ctx: IPollFunctions, settings: Settings, cause: unknown): NodeOperationError {
	const { plural } = settings.resource.def;
	const error = new NodeOperationError(
		ctx.getNode(),
		`This CRM connection cannot list ${plural.toLowerCase()} newest first, which polling needs`,
		{
			description:
				`Apideck answered that the connector does not support sorting ${plural.toLowerCase()} by ${settings.field}` +
				`, and ${plural.toLowerCase()} have no "updated since" filter to fall back on. Use the Apideck CRM Trigger ` +
				'(webhooks) for this connection instead, if its connector sends these events.',
		},
	);
	(error as { cause?: unknown }).cause = cause;
	return error;
}

interface ReadOptions {
	/** whether to read the page after this one (default: every page) */
	more?: (page: ListedRecord[]) => boolean;
	onResponse?: (status: number, headers: IDataObject) => void;
}

interface ReadResult {
	records: ListedRecord[];
	/** the service Apideck says answered */
	service?: string;
	/** more pages were there, not read */
	truncated: boolean;
}

/** Reads the list's pages (200 records each) while `more` asks for the next one and there is one. */
async function readList(
	ctx: IPollFunctions,
	settings: Settings,
	qs: IDataObject,
	{ more = () => true, onResponse }: ReadOptions = {},
): Promise<ReadResult> {
	const records: ListedRecord[] = [];
	const byId = new Set<string>();
	const cursors = new Set<string>();
	let cursor: string | undefined;
	let service: string | undefined;
	do {
		const response = await apideckRequest(
			ctx,
			{
				method: 'GET',
				url: settings.resource.def.path,
				qs: { ...settings.filters, limit: MAX_PAGE_SIZE, ...qs, ...(cursor ? { cursor } : {}) },
				serviceId: settings.serviceId,
				onResponse,
			},
			POLL_RETRY,
		);
		if (typeof response.service === 'string') service = response.service;
		const data = Array.isArray(response.data) ? (response.data as IDataObject[]) : [];
		const page: ListedRecord[] = [];
		for (const record of data) {
			const id = typeof record?.id === 'string' || typeof record?.id === 'number' ? String(record.id) : '';
			const ts = timeOf(record?.[settings.field]);
			// a record without an ID or a readable timestamp cannot be tracked; a repeat comes from a list
			// that shifted between two pages (a record was added in front)
			if (!id || ts === undefined || byId.has(id)) continue;
			byId.add(id);
			page.push({ record, id, ts });
		}
		records.push(...page);
		const next = ((response.meta as IDataObject)?.cursors as IDataObject)?.next;
		cursor = typeof next === 'string' && next !== '' ? next : undefined;
		if (cursor && cursors.has(cursor)) {
			throw new NodeOperationError(ctx.getNode(), 'Apideck returned a page cursor it had already returned', {
				description: 'The pages would repeat forever, so the poll stopped; nothing was emitted and the next poll tries again.',
			});
		}
		if (cursor) cursors.add(cursor);
		if (cursor && !more(page)) return { records, service, truncated: true };
	} while (cursor);
	return { records, service, truncated: false };
}

const sortedQuery = (settings: Settings): IDataObject => ({ 'sort[by]': settings.field, 'sort[direction]': 'desc' });

const sinceQuery = (since: number): IDataObject => ({ 'filter[updated_since]': new Date(since).toISOString() });

/** The Date header of Apideck's answer, as epoch ms: its clock, not n8n's. */
function dateHeader(headers: IDataObject): number | undefined {
	return timeOf(Array.isArray(headers.date) ? headers.date[0] : headers.date);
}

/**
 * The starting point, from one page: the newest record, and the records of the page within the overlap
 * window below it. When the page does not reach the bottom of the window, the floor is raised past its
 * last record, so that no record that was already there is taken for a late one.
 */
async function startSorted(ctx: IPollFunctions, settings: Settings, onResponse: ReadOptions['onResponse']): Promise<PollState> {
	const { records, truncated } = await readList(ctx, settings, sortedQuery(settings), { more: () => false, onResponse });
	const newest = records[0];
	const last = records[records.length - 1];
	let floor = newest ? newest.ts - OVERLAP_MS : null;
	if (truncated && last && floor !== null) floor = Math.max(floor, last.ts + 1);
	return pruned({
		key: settings.key,
		strategy: 'sort',
		newest: newest ? String(newest.record[settings.field]) : null,
		floor,
		seen: Object.fromEntries(records.map((r) => [r.id, r.ts])),
	});
}

/** The starting point on a connector that cannot sort: Apideck's clock, and what changed shortly before. */
async function startUpdatedSince(ctx: IPollFunctions, settings: Settings, now: number): Promise<PollState> {
	const since = now - OVERLAP_MS;
	const { records } = await readList(ctx, settings, sinceQuery(since));
	const state: PollState = { key: settings.key, strategy: 'updatedSince', newest: null, floor: since, since, seen: {} };
	return advance(state, settings, records, new Set(records.map((r) => r.id))).state;
}

/**
 * The records of a poll that are new, and the state after it. `present` are records that count as
 * seen without being emitted (the starting point).
 */
function advance(
	state: PollState,
	settings: Settings,
	records: ListedRecord[],
	present: Set<string> = new Set(),
): { state: PollState; fresh: ListedRecord[] } {
	const seen = { ...state.seen };
	const fresh = records.filter((r) => {
		if (present.has(r.id)) return false;
		if (state.floor !== null && r.ts < state.floor) return false;
		const before = seen[r.id];
		return before === undefined || (settings.event === 'createdOrUpdated' && r.ts > before);
	});
	let newest = state.newest;
	let newestMs = timeOf(newest);
	for (const r of records) {
		seen[r.id] = Math.max(seen[r.id] ?? r.ts, r.ts);
		if (newestMs === undefined || r.ts > newestMs) {
			newestMs = r.ts;
			newest = String(r.record[settings.field]);
		}
	}
	let floor = state.floor;
	if (newestMs !== undefined) floor = Math.max(floor ?? -Infinity, newestMs - OVERLAP_MS);
	const next: PollState = { ...state, newest, floor, seen };
	if (state.strategy === 'updatedSince') {
		// the filter reads updated_at: follow the newest change seen, whatever the event
		let since = Math.max(state.since ?? -Infinity, floor ?? -Infinity);
		for (const r of records) since = Math.max(since, (timeOf(r.record.updated_at) ?? -Infinity) - OVERLAP_MS);
		next.since = since;
	}
	return { state: pruned(next), fresh };
}

/** Drops IDs older than the floor; past MAX_SEEN IDs, raises the floor above the oldest ones dropped. */
export function pruned(state: PollState): PollState {
	const floor = state.floor;
	let entries = Object.entries(state.seen).filter(([, ts]) => floor === null || ts >= floor);
	let newFloor = floor;
	if (entries.length > MAX_SEEN) {
		entries.sort((a, b) => b[1] - a[1]);
		const cut = entries[MAX_SEEN][1];
		// every ID at the cut's timestamp goes, so a tie is never half remembered
		entries = entries.filter(([, ts]) => ts > cut);
		newFloor = Math.max(floor ?? -Infinity, cut + 1);
	}
	return { ...state, floor: newFloor, seen: Object.fromEntries(entries) };
}

/** The state saved for these settings, or undefined when there is none or it was made for other settings. */
function savedState(value: unknown, key: string): PollState | undefined {
	const state = value as PollState | undefined;
	if (!state || typeof state !== 'object' || state.key !== key) return undefined;
	if (state.strategy !== 'sort' && state.strategy !== 'updatedSince') return undefined;
	if (!state.seen || typeof state.seen !== 'object') return undefined;
	// reading by filter[updated_since] needs its starting point: without one it would read everything
	if (state.strategy === 'updatedSince' && typeof state.since !== 'number') return undefined;
	return state;
}

/** The item of one record: the same shape as the webhook trigger's item with the record fetched. */
function recordItem(
	settings: Settings,
	listed: ListedRecord,
	action: 'created' | 'updated',
	context: { consumerId: string; serviceId?: string; baseUrl: string },
): INodeExecutionData {
	const { def } = settings.resource;
	const occurredAt = listed.record[action === 'created' ? 'created_at' : 'updated_at'] ?? listed.record[settings.field];
	const serviceId = context.serviceId || settings.serviceId || null;
	return {
		json: {
			...eventItemFields({
				event_type: `crm.${def.value}.${action}`,
				entity_type: def.value,
				entity_id: listed.id,
				consumer_id: context.consumerId,
				service_id: serviceId,
				occurred_at: occurredAt,
				event_id: `poll:${serviceId ?? ''}:${def.value}:${listed.id}:${listed.ts}`,
				entity_url: `${context.baseUrl}${def.path}/${encodeURIComponent(listed.id)}`,
			}),
			record: settings.customFieldsByName ? withCustomFieldsByName(listed.record) : listed.record,
			record_status: 'found',
		},
	};
}

/** Whether a record emitted by "Record Created or Updated" is new to the trigger or a change. */
function actionOf(settings: Settings, listed: ListedRecord, previous: PollState | undefined): 'created' | 'updated' {
	if (settings.event === 'created') return 'created';
	const created = timeOf(listed.record.created_at);
	if (created === undefined) return 'updated';
	if (!previous) return created === listed.ts ? 'created' : 'updated';
	return previous.seen[listed.id] === undefined && (previous.floor === null || created >= previous.floor) ? 'created' : 'updated';
}

async function itemsOf(ctx: IPollFunctions, settings: Settings, records: ListedRecord[], previous: PollState | undefined, service?: string) {
	const credentials = await apideckCredentials(ctx);
	const context = { consumerId: String(credentials.consumerId ?? ''), serviceId: service, baseUrl: await baseUrlOf(ctx) };
	return records.map((r) => recordItem(settings, r, actionOf(settings, r, previous), context));
}

/** Oldest first; records with the same timestamp in the order Apideck listed them. */
function oldestFirst(records: ListedRecord[]): ListedRecord[] {
	return [...records].sort((a, b) => a.ts - b.ts);
}

/** "Fetch Test Event": the newest record, the state left as it is. */
async function testEvent(ctx: IPollFunctions, settings: Settings): Promise<INodeExecutionData[][]> {
	let apideckNow: number | undefined;
	const clock = (_status: number, headers: IDataObject) => (apideckNow ??= dateHeader(headers));
	let read: ReadResult;
	try {
		read = await readList(ctx, settings, { ...sortedQuery(settings), limit: 20 }, { more: () => false, onResponse: clock });
	} catch (error) {
		if (!isUnsupportedSort(error)) throw nodeError(ctx.getNode(), error);
		if (!settings.resource.updatedSince) throw cannotSortError(ctx, settings, error);
		// unsorted: the newest of one page of what changed lately
		read = await readList(ctx, settings, sinceQuery((apideckNow ?? Date.now()) - TEST_EVENT_LOOKBACK_MS), { more: () => false });
		read.records.sort((a, b) => b.ts - a.ts);
	}
	const [listed] = read.records;
	const service = read.service;
	if (!listed) {
		const noun = settings.resource.def.plural.toLowerCase();
		throw new NodeOperationError(ctx.getNode(), `No ${noun} found in the connected CRM`, {
			description: `Create ${settings.resource.article} in the CRM (or loosen the Filters), then fetch a test event again.`,
		});
	}
	return [await itemsOf(ctx, settings, [listed], undefined, service)];
}

export async function poll(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	if (ctx.getMode() === 'manual') return await testEvent(ctx, settings);

	const staticData = ctx.getWorkflowStaticData('node');
	const previous = savedState(staticData.state, settings.key);
	let state: PollState;
	let fresh: ListedRecord[] = [];
	let service: string | undefined;

	// Apideck's clock, from the Date header of its answers: the starting point when the sort is refused
	let apideckNow: number | undefined;
	const clock = (_status: number, headers: IDataObject) => (apideckNow ??= dateHeader(headers));

	if (previous?.strategy === 'updatedSince') {
		const read = await readList(ctx, settings, sinceQuery(previous.since!));
		service = read.service;
		({ state, fresh } = advance(previous, settings, read.records));
	} else {
		try {
			if (previous) {
				// newest first: read on while a page is all at or above the last poll's newest timestamp (ties
				// at it included); the page that reaches below it also holds the overlap window's top
				const newestMs = timeOf(previous.newest);
				const more = (page: ListedRecord[]) => newestMs === undefined || (page.length > 0 && page[page.length - 1].ts >= newestMs);
				const read = await readList(ctx, settings, sortedQuery(settings), { more, onResponse: clock });
				service = read.service;
				({ state, fresh } = advance(previous, settings, read.records));
			} else {
				state = await startSorted(ctx, settings, clock);
			}
		} catch (error) {
			if (!isUnsupportedSort(error)) throw nodeError(ctx.getNode(), error);
			if (!settings.resource.updatedSince) throw cannotSortError(ctx, settings, error);
			const now = apideckNow ?? Date.now();
			if (previous) {
				// the connector sorted before and no longer does: go on from the same point
				const moved: PollState = { ...previous, strategy: 'updatedSince', since: previous.floor ?? now - OVERLAP_MS };
				const read = await readList(ctx, settings, sinceQuery(moved.since!));
				service = read.service;
				({ state, fresh } = advance(moved, settings, read.records));
			} else {
				state = await startUpdatedSince(ctx, settings, now);
			}
		}
	}

	const items = fresh.length ? await itemsOf(ctx, settings, oldestFirst(fresh), previous, service) : [];
	// written only when it changed: n8n saves static data that was written to
	if (JSON.stringify(previous) !== JSON.stringify(state)) staticData.state = state;
	return items.length ? [items] : null;
}
