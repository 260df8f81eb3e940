/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Sorting by created_at / updated_at (both directions) for the five sortable resources a polling
 * trigger reads, ties, and what offset cursors do when the data changes between two pages.
 *
 * Documented behaviour:
 * - the sort is by instant (not by text) and stable: tied records keep insertion (creation) order in
 *   BOTH directions, so under sort[direction]=desc the earlier-created record of a tie comes first;
 * - cursors are offsets into the sorted view, which is recomputed after every write. A record inserted
 *   at the top of a desc view between page 1 and page 2 shifts everything down by one: page 2 starts
 *   with the last record of page 1 again (the client dedupes) and the new record is only on a new
 *   first page.
 */
import { startSandbox, type Resource, type Sandbox } from '../../sandbox';
import { MILLISECOND_TIMESTAMPS } from '../../sandbox/schema';
import { api, listAll } from './helpers';

const FIVE = ['companies', 'contacts', 'leads', 'opportunities', 'activities'] as const satisfies readonly Resource[];
const BY = ['created_at', 'updated_at'] as const;
const T0 = Date.UTC(2026, 11, 6, 19, 0, 0);

const BODY: Record<(typeof FIVE)[number], (n: number) => Record<string, unknown>> = {
	companies: (n) => ({ name: `Company ${n}` }),
	contacts: (n) => ({ name: `Contact ${n}` }),
	leads: (n) => ({ name: `Lead ${n}`, company_name: `Lead Co ${n}` }),
	opportunities: (n) => ({ title: `Deal ${n}`, primary_contact_id: 'ct_000001' }),
	activities: (n) => ({ type: 'call', title: `Call ${n}` }),
};

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
afterEach(() => {
	sb.setClock(null);
	sb.intercept(null);
});

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** Expected order: by instant, ties in insertion order (both directions). */
function expected(rows: any[], by: string, dir: 'asc' | 'desc'): string[] {
	return rows
		.map((r, i) => ({ id: r.id as string, t: Date.parse(r[by]), i }))
		.sort((a, b) => (a.t === b.t ? a.i - b.i : dir === 'asc' ? a.t - b.t : b.t - a.t))
		.map((x) => x.id);
}

describe('created_at / updated_at sorting of the five polled resources', () => {
	// minutes out of order, with ties; updated at another shuffled set of times
	const createdAt = [7, 3, 3, 9, 0, 5, 3, 8, 1, 6, 2, 9, 4];
	const updatedAt = [2, 2, 11, 4, 6, 1, 12, 2, 0, 7, 10, 3, 5];

	beforeAll(() => {
		for (const resource of FIVE) {
			createdAt.forEach((m, n) => {
				sb.setClock({ fixedMs: T0 + m * 60_000 });
				sb.createRecord('sort-consumer', resource, BODY[resource](n));
			});
			const rows = sb.records('sort-consumer', resource);
			updatedAt.forEach((m, n) => {
				sb.setClock({ fixedMs: T0 + 60 * 60_000 + m * 60_000 });
				if (n % 2 === 0) sb.updateRecord('sort-consumer', resource, rows[n].id, {});
			});
			sb.setClock(null);
		}
	});

	test.each(FIVE.flatMap((r) => BY.flatMap((by) => (['desc', 'asc'] as const).map((dir) => [r, by, dir] as const))))(
		'%s sort[by]=%s&sort[direction]=%s, paged by 4',
		async (resource, by, dir) => {
			const all = sb.records('sort-consumer', resource);
			const { records, pages } = await listAll(sb, `/crm/${resource}?sort[by]=${by}&sort[direction]=${dir}&limit=4`, {
				consumer: 'sort-consumer',
			});
			expect(pages).toBe(4);
			expect(ids(records)).toEqual(expected(all, by, dir));
			const times = records.map((r) => Date.parse(r[by]));
			for (let i = 1; i < times.length; i++) {
				if (dir === 'desc') expect(times[i]).toBeLessThanOrEqual(times[i - 1]);
				else expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
			}
		},
	);

	test('ties keep insertion order in both directions (desc does not reverse a tie)', async () => {
		const all = sb.records('sort-consumer', 'contacts');
		const tied = all.filter((r) => r.created_at === new Date(T0 + 3 * 60_000).toISOString()).map((r) => r.id);
		expect(tied).toHaveLength(3);
		for (const dir of ['asc', 'desc']) {
			const { records } = await listAll(sb, `/crm/contacts?sort[by]=created_at&sort[direction]=${dir}&limit=200`, {
				consumer: 'sort-consumer',
			});
			expect(ids(records).filter((id) => tied.includes(id))).toEqual(tied);
		}
	});

	test('the demo data sorts the same way (a mix of page sizes)', async () => {
		for (const resource of FIVE) {
			for (const by of BY) {
				const all = sb.records('demo-consumer', resource);
				const desc = await listAll(sb, `/crm/${resource}?sort[by]=${by}&sort[direction]=desc&limit=9`);
				expect(ids(desc.records)).toEqual(expected(all, by, 'desc'));
				const asc = await listAll(sb, `/crm/${resource}?sort[by]=${by}&sort[direction]=asc&limit=200`);
				expect(ids(asc.records)).toEqual(expected(all, by, 'asc'));
			}
		}
	});

	test('sort[direction] alone sorts by created_at', async () => {
		const r = await listAll(sb, '/crm/leads?sort[direction]=desc&limit=200', { consumer: 'sort-consumer' });
		expect(ids(r.records)).toEqual(expected(sb.records('sort-consumer', 'leads'), 'created_at', 'desc'));
	});

	test('activities: filter[updated_since] together with a desc sort by updated_at', async () => {
		const since = new Date(T0 + 60 * 60_000 + 5 * 60_000).toISOString();
		const r = await listAll(sb, `/crm/activities?filter[updated_since]=${since}&sort[by]=updated_at&sort[direction]=desc&limit=2`, {
			consumer: 'sort-consumer',
		});
		const want = expected(
			sb.records('sort-consumer', 'activities').filter((x) => Date.parse(x.updated_at) >= Date.parse(since)),
			'updated_at',
			'desc',
		);
		expect(want.length).toBeGreaterThan(2);
		expect(ids(r.records)).toEqual(want);
	});
});

describe('second precision: records of the same second tie', () => {
	test.each(FIVE)('%s', async (resource) => {
		const c = `ties-${resource}`;
		// leads: whole seconds too, printed as …:00.000Z because crm.yml pins that form for them
		const at = (hms: string) => (MILLISECOND_TIMESTAMPS.includes(resource) ? `2026-12-06T${hms}.000Z` : `2026-12-06T${hms}Z`);
		sb.setClock({ fixedMs: T0 - 1_000, precision: 'second' });
		const older = sb.createRecord(c, resource, BODY[resource](0));
		const tied = [120, 480, 999].map((ms, n) => {
			sb.setClock({ fixedMs: T0 + ms, precision: 'second' });
			return sb.createRecord(c, resource, BODY[resource](n + 1));
		});
		sb.setClock({ fixedMs: T0 + 1_000, precision: 'second' });
		const newer = sb.createRecord(c, resource, BODY[resource](9));
		for (const r of tied) {
			expect(r.created_at).toBe(at('19:00:00'));
			expect(r.updated_at).toBe(at('19:00:00'));
		}
		for (const by of BY) {
			const desc = await listAll(sb, `/crm/${resource}?sort[by]=${by}&sort[direction]=desc&limit=2`, { consumer: c });
			expect(ids(desc.records)).toEqual(ids([newer, ...tied, older]));
			const asc = await listAll(sb, `/crm/${resource}?sort[by]=${by}&sort[direction]=asc&limit=2`, { consumer: c });
			expect(ids(asc.records)).toEqual(ids([older, ...tied, newer]));
			expect(desc.records.map((r) => r[by])).toEqual(['19:00:01', '19:00:00', '19:00:00', '19:00:00', '18:59:59'].map(at));
		}
	});

	test('second- and millisecond-precision timestamps in one list sort by instant, not by text', async () => {
		const c = 'ties-mixed';
		sb.setClock({ fixedMs: T0 + 500 }); // 19:00:00.500Z
		const half = sb.createRecord(c, 'contacts', { name: 'Half' });
		sb.setClock({ fixedMs: T0 + 900, precision: 'second' }); // 19:00:00Z (text sorts after ".500Z")
		const whole = sb.createRecord(c, 'contacts', { name: 'Whole' });
		sb.setClock({ fixedMs: T0 - 1 }); // 18:59:59.999Z
		const before = sb.createRecord(c, 'contacts', { name: 'Before' });
		expect([half.created_at, whole.created_at, before.created_at]).toEqual([
			'2026-12-06T19:00:00.500Z',
			'2026-12-06T19:00:00Z',
			'2026-12-06T18:59:59.999Z',
		]);
		const { records } = await listAll(sb, '/crm/contacts?sort[by]=created_at&sort[direction]=desc', { consumer: c });
		expect(records.map((r) => r.name)).toEqual(['Half', 'Whole', 'Before']);
	});
});

describe('changes between two pages of one desc-sorted read (offset cursors)', () => {
	async function twoPages(c: string, resource: Resource, by: string, between: () => void) {
		const path = `/crm/${resource}?sort[by]=${by}&sort[direction]=desc&limit=5`;
		sb.intercept((req) => {
			if (req.method === 'GET' && req.path === `/crm/${resource}` && req.query.cursor) between();
			return undefined;
		});
		const p1 = await api(sb, 'GET', path, { consumer: c });
		const p2 = await api(sb, 'GET', `${path}&cursor=${encodeURIComponent(p1.body.meta.cursors.next)}`, { consumer: c });
		sb.intercept(null);
		expect(p1.status).toBe(200);
		expect(p2.status).toBe(200);
		return { p1: p1.body.data as any[], p2: p2.body.data as any[], path };
	}

	function seed(c: string, resource: (typeof FIVE)[number], count: number) {
		for (let n = 0; n < count; n++) {
			sb.setClock({ fixedMs: T0 + n * 1_000, precision: 'second' });
			sb.createRecord(c, resource, BODY[resource](n));
		}
		sb.setClock({ precision: 'second' });
	}

	test.each(FIVE)('%s: a newer record inserted between the pages → page 2 repeats the last record of page 1', async (resource) => {
		const c = `insert-${resource}`;
		seed(c, resource, 12);
		const before = expected(sb.records(c, resource), 'created_at', 'desc');
		let inserted: any;
		const { p1, p2, path } = await twoPages(c, resource, 'created_at', () => {
			inserted = sb.createRecord(c, resource, BODY[resource](99));
		});
		expect(ids(p1)).toEqual(before.slice(0, 5));
		// the insert shifted the view by one: page 2 = old positions 4..8
		expect(ids(p2)).toEqual(before.slice(4, 9));
		expect(p2[0].id).toBe(p1[4].id);
		expect(ids(p2)).not.toContain(inserted.id);
		// the next read from the top starts with it
		const fresh = await api(sb, 'GET', path, { consumer: c });
		expect(fresh.body.data[0].id).toBe(inserted.id);
		// and no record was lost across the two pages
		expect(new Set([...ids(p1), ...ids(p2)])).toEqual(new Set(before.slice(0, 9)));
	});

	test('updated_at desc: a page-2 record updated between the pages moves to the top; page 2 repeats one and misses it', async () => {
		const c = 'update-between';
		seed(c, 'contacts', 12);
		const before = expected(sb.records(c, 'contacts'), 'updated_at', 'desc');
		const touched = before[7];
		const { p1, p2, path } = await twoPages(c, 'contacts', 'updated_at', () => {
			sb.updateRecord(c, 'contacts', touched, { title: 'Touched' });
		});
		expect(ids(p1)).toEqual(before.slice(0, 5));
		expect(ids(p2)).toEqual([before[4], before[5], before[6], before[8], before[9]]);
		expect([...ids(p1), ...ids(p2)]).not.toContain(touched);
		// a later read from the top finds it
		expect((await api(sb, 'GET', path, { consumer: c })).body.data[0].id).toBe(touched);
	});

	test('a record deleted from page 1 between the pages → page 2 skips one record', async () => {
		const c = 'delete-between';
		seed(c, 'leads', 12);
		const before = expected(sb.records(c, 'leads'), 'created_at', 'desc');
		const path = '/crm/leads?sort[by]=created_at&sort[direction]=desc&limit=5';
		const p1 = await api(sb, 'GET', path, { consumer: c });
		expect((await api(sb, 'DELETE', `/crm/leads/${before[0]}`, { consumer: c })).status).toBe(200);
		const p2 = await api(sb, 'GET', `${path}&cursor=${encodeURIComponent(p1.body.meta.cursors.next)}`, { consumer: c });
		expect(ids(p1.body.data)).toEqual(before.slice(0, 5));
		expect(ids(p2.body.data)).toEqual(before.slice(6, 11));
	});
});
