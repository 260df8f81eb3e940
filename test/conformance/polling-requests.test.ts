/**
 * Contract: every request the polling trigger sends, through n8n-core's poll context to a Prism mock that
 * answers 422 (with `sl-violations`) to a request that breaks the spec. Activation, a scheduled poll and
 * "Fetch Test Event" for the five resources and both events, every filter set, against crm.yml; the
 * filter[updated_since] reads that follow a refused sort against crm.yml for activities and against
 * crm-10.34.0.yml for companies and contacts (the current API's filter).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { POLL_RESOURCES } from '../../nodes/ApideckCrmPollingTrigger/resources';
import { loadSpec, undocumentedQuery } from '../helpers/spec';
import { startPollHarness } from '../poll/harness';
import { specPath, startPrism, startRecorder, type PrismHandle, type Recorder, type SeenRequest } from './prism';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** A value for every filter the trigger offers for a resource. */
function everyFilter(resource: (typeof POLL_RESOURCES)[number]): IDataObject {
	const values: IDataObject = {};
	// the 10.3.6 contract: the current API's filters are checked in current-node-requests
	for (const filter of resource.filters.filter((f) => !f.currentApi)) {
		const name = filter.api.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
		if (filter.kind === 'picker') values[name] = byId('id-1');
		else if (filter.kind === 'number') values[name] = 10;
		else values[name] = 'Acme';
	}
	return { [resource.filtersParameter]: values };
}

/** Prism's findings about the request (its canned answers' own flaws are left out). */
function requestViolations(request: SeenRequest): unknown[] {
	if (!request.violations) return [];
	return (JSON.parse(request.violations) as Array<{ location?: string[] }>).filter((v) => v.location?.[0] !== 'response');
}

/** Prism found nothing wrong, and every query key and enum value is one the spec documents for the path. */
function expectValid(seen: SeenRequest[], specFile = 'crm.yml') {
	expect(seen.length).toBeGreaterThanOrEqual(1);
	for (const request of seen) {
		if (requestViolations(request).length) throw new Error(`${request.method} ${request.url} breaks the spec: ${request.violations}`);
		expect(request.status).toBeLessThan(300);
		const url = new URL(request.url, 'http://x');
		expect([request.url, undocumentedQuery(loadSpec(specFile), url.pathname, url.searchParams)]).toEqual([request.url, []]);
	}
}

/** Runs activation, one poll and Fetch Test Event against the recorder; returns what reached Prism. */
async function exercise(recorder: Recorder, parameters: IDataObject): Promise<SeenRequest[]> {
	recorder.seen.length = 0;
	const h = await startPollHarness({
		parameters: parameters as INodeParameters,
		credentials: { apiKey: 'contract-key', appId: 'contract-app', consumerId: 'contract-consumer', baseUrl: recorder.url },
	});
	try {
		await h.activate();
		await h.poll();
		expect(h.errors).toEqual([]);
		const test = await h.fetchTestEvent();
		expect(test.error).toBeUndefined();
		return [...recorder.seen];
	} finally {
		await h.close();
	}
}

/** Apideck's answer when the connector cannot sort: the recorder gives it for every sorted read. */
const refuseSort = (_method: string, url: string) =>
	decodeURIComponent(url).includes('sort[by]')
		? { status: 400, body: { status_code: 400, error: 'Bad Request', type_name: 'UnsupportedSortFieldError', message: 'Unsupported sort field', detail: 'The connector cannot sort' } }
		: undefined;

describe('against crm.yml (10.3.6)', () => {
	let prism: PrismHandle;
	let recorder: Recorder;
	let refusing: Recorder;
	beforeAll(async () => {
		prism = await startPrism('mock', specPath());
		recorder = await startRecorder(() => prism.url);
		refusing = await startRecorder(() => prism.url, refuseSort);
	}, 180_000);
	afterAll(async () => {
		recorder?.close();
		refusing?.close();
		await prism?.close();
	});

	test.each(POLL_RESOURCES.flatMap((r) => ['created', 'createdOrUpdated'].map((event) => [r.def.value, event] as const)))(
		'%s, %s, every filter set: sorted reads the spec accepts',
		async (resource, event) => {
			const r = POLL_RESOURCES.find((x) => x.def.value === resource)!;
			const seen = await exercise(recorder, { resource, event, ...everyFilter(r) });
			expectValid(seen);
			const field = event === 'created' ? 'created_at' : 'updated_at';
			expect(decodeURIComponent(seen[0].url)).toContain(`${r.def.path}?`);
			expect(decodeURIComponent(seen[0].url)).toContain(`sort[by]=${field}&sort[direction]=desc`);
			for (const filter of r.filters.filter((f) => !f.currentApi)) expect(decodeURIComponent(seen[0].url)).toContain(`filter[${filter.api}]=`);
		},
	);

	test('activities on a connector that cannot sort: the filter[updated_since] reads the spec accepts', async () => {
		const seen = await exercise(refusing, { resource: 'activity', event: 'created' });
		expectValid(seen);
		expect(seen.every((s) => decodeURIComponent(s.url).includes('filter[updated_since]='))).toBe(true);
	});
});

describe("against crm-10.34.0.yml (Apideck's current API)", () => {
	let prism: PrismHandle;
	let refusing: Recorder;
	beforeAll(async () => {
		// errors off: the current spec's list examples break the spec themselves; request findings still come
		prism = await startPrism('mock', specPath('crm-10.34.0.yml'), undefined, { errors: false });
		refusing = await startRecorder(() => prism.url, refuseSort);
	}, 180_000);
	afterAll(async () => {
		refusing?.close();
		await prism?.close();
	});

	test.each(['company', 'contact'])('%s on a connector that cannot sort: filter[updated_since] as the current API has it', async (resource) => {
		const seen = await exercise(refusing, { resource, event: 'createdOrUpdated' });
		expectValid(seen, 'crm-10.34.0.yml');
		// and not in the 10.3.6 contract: that is why it is sent only when the connector refuses the sort
		const url = new URL(seen[0].url, 'http://x');
		expect(undocumentedQuery(loadSpec('crm.yml'), url.pathname, url.searchParams)).toEqual(['filter[updated_since]']);
		expect(seen.every((s) => decodeURIComponent(s.url).includes('filter[updated_since]='))).toBe(true);
	});
});
