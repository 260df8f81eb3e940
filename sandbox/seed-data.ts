import { mulberry32 } from './faults';
import { ACTIVITY_TYPES, type Resource } from './schema';
import type { ConnectionData, Rec, Store } from './store';

/** Deterministic demo data. Every generated record validates against the contract. */

const FIRST = [
	'Ada', 'Bram', 'Chloe', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kaia', 'Lars',
	'Maya', 'Nico', 'Olga', 'Pieter', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wim', 'Xena',
	'Yusuf', 'Zoe', 'Aiko', 'Bilal', 'Carmen', 'Diego',
];
const LAST = [
	'Aalto', 'Berger', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jansen',
	'Kowalski', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Peeters', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka',
	'Usman', 'Vermeulen', 'Weber', 'Xu', 'Yilmaz', 'Zhang', 'Andersen', 'Bakker', 'Costa', 'De Vries',
];
const ADJ = [
	'Blue', 'Bright', 'Silver', 'Rapid', 'Quiet', 'Golden', 'Northern', 'Clever', 'Bold', 'Green', 'Urban',
	'Solid', 'Lucky', 'Prime', 'Nimble', 'Crimson', 'Polar', 'Open', 'True', 'Vivid',
];
const NOUN = [
	'Harbor', 'Falcon', 'Orchard', 'Summit', 'Anchor', 'Beacon', 'Circuit', 'Lantern', 'Meadow', 'Pixel',
	'Quarry', 'Rocket', 'Signal', 'Timber', 'Vertex', 'Willow', 'Canyon', 'Delta', 'Ember', 'Fjord',
];
const SUFFIX = ['Labs', 'Systems', 'Group', 'Works', 'Partners', 'Studio', 'Logistics', 'Foods', 'Health', 'Energy'];
const INDUSTRY = ['Software', 'Retail', 'Manufacturing', 'Healthcare', 'Finance', 'Logistics', 'Education', 'Energy', 'Media', 'Hospitality'];
const CITY: [string, string, string][] = [
	['Amsterdam', 'NH', 'NL'], ['Berlin', 'BE', 'DE'], ['Austin', 'TX', 'US'], ['Lyon', 'ARA', 'FR'],
	['Toronto', 'ON', 'CA'], ['Melbourne', 'VIC', 'AU'], ['Ghent', 'VOV', 'BE'], ['Denver', 'CO', 'US'],
	['Porto', 'PO', 'PT'], ['Oslo', 'OS', 'NO'],
];
const STREET = ['Main Street', 'Canal Road', 'Market Square', 'Harbour Lane', 'Station Avenue', 'Park Road', 'Mill Street', 'High Street'];
const CURR = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'];
const TITLES = ['CEO', 'CTO', 'Head of Sales', 'Account Manager', 'Buyer', 'Operations Lead', 'Founder', 'Marketing Manager', 'Engineer', 'CFO'];
const DEPTS = ['Sales', 'Engineering', 'Finance', 'Operations', 'Marketing', 'Support'];
const SOURCES = ['website', 'referral', 'event', 'cold-call', 'partner', 'advertisement'];
const LEAD_STATUS = ['new', 'contacted', 'qualified', 'unqualified'];
const OPP_STATUS = ['open', 'open', 'open', 'won', 'lost'];
const PRIORITY = ['low', 'medium', 'high'];
const TAGS = ['vip', 'newsletter', 'partner', 'trial', 'enterprise', 'smb', 'churn-risk', 'expansion'];
const DEAL = ['Renewal', 'Expansion', 'Pilot', 'License deal', 'Onboarding package', 'Support upgrade', 'Annual plan', 'Consulting'];
const NOTE_TOPICS = ['Call recap', 'Pricing discussion', 'Follow-up', 'Meeting notes', 'Requirements', 'Feedback', 'Next steps'];
const PIPELINES = ['Sales Pipeline', 'Partner Pipeline', 'Renewals', 'Enterprise', 'Inbound'];
const STAGES: [string, number][] = [
	['Qualification', 10], ['Discovery', 25], ['Proposal', 50], ['Negotiation', 75], ['Closed won', 100], ['Closed lost', 0],
];

/** FNV-1a hash of a string → 32-bit seed. */
export function hashSeed(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

class Gen {
	private readonly rnd: () => number;
	constructor(seed: string) {
		this.rnd = mulberry32(hashSeed(seed));
	}
	float(): number {
		return this.rnd();
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.rnd() * (max - min + 1));
	}
	pick<T>(a: readonly T[]): T {
		return a[Math.floor(this.rnd() * a.length)];
	}
	maybe<T>(a: readonly T[]): T | undefined {
		return a.length ? this.pick(a) : undefined;
	}
	chance(p: number): boolean {
		return this.rnd() < p;
	}
	tags(): string[] {
		const n = this.int(0, 2);
		const out: string[] = [];
		for (let i = 0; i < n; i++) {
			const t = this.pick(TAGS);
			if (!out.includes(t)) out.push(t);
		}
		return out;
	}
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
export const BASE_MS = Date.UTC(2024, 0, 1, 8, 0, 0);
const DAY = 86_400_000;

function phone(g: Gen): string {
	return `+1 ${g.int(200, 989)}-${g.int(200, 989)}-${String(g.int(0, 9999)).padStart(4, '0')}`;
}

function address(g: Gen, type: string) {
	const [city, state, country] = g.pick(CITY);
	return {
		type,
		line1: `${g.int(1, 240)} ${g.pick(STREET)}`,
		city,
		state,
		postal_code: String(g.int(1000, 99999)),
		country,
	};
}

interface Ctx {
	users: Rec[];
	companies: Rec[];
	contacts: Rec[];
	opportunities: Rec[];
	pipelines: Rec[];
}

function context(conn: ConnectionData): Ctx {
	const c = conn.collections;
	return {
		users: c.users.list,
		companies: c.companies.list,
		contacts: c.contacts.list,
		opportunities: c.opportunities.list,
		pipelines: c.pipelines.list,
	};
}

function makeBody(resource: Resource, g: Gen, n: number, ctx: Ctx, serviceId: string): Record<string, unknown> {
	const owner = ctx.users.length ? g.pick(ctx.users).id : null;
	switch (resource) {
		case 'users': {
			const first = g.pick(FIRST);
			const last = g.pick(LAST);
			return {
				username: `${slug(first)}.${slug(last)}${n}`,
				first_name: first,
				last_name: last,
				title: g.pick(TITLES),
				department: g.pick(DEPTS),
				company_name: 'Sandbox CRM Inc',
				language: 'EN',
				status: 'active',
				emails: [{ email: `${slug(first)}.${slug(last)}${n}@sandbox-crm.test`, type: 'work' }],
				phone_numbers: [{ number: phone(g), type: 'work' }],
			};
		}
		case 'pipelines': {
			const stages = STAGES.map(([name, p], i) => ({
				name,
				value: slug(name).toUpperCase(),
				win_probability: p,
				display_order: i + 1,
			}));
			return {
				name: n < PIPELINES.length ? PIPELINES[n] : `Pipeline ${n + 1}`,
				currency: g.pick(CURR),
				archived: false,
				active: true,
				display_order: n + 1,
				win_probability_enabled: true,
				stages,
			};
		}
		case 'companies': {
			const name = `${g.pick(ADJ)} ${g.pick(NOUN)} ${g.pick(SUFFIX)}${n >= 400 ? ` ${n}` : ''}`;
			const domain = `${slug(name)}.example`;
			return {
				name,
				owner_id: owner,
				description: `${g.pick(INDUSTRY)} company based in ${g.pick(CITY)[0]}`,
				vat_number: `VAT${g.int(100000, 999999)}`,
				currency: g.pick(CURR),
				status: g.chance(0.85) ? 'active' : 'inactive',
				annual_revenue: String(g.int(1, 500) * 100000),
				number_of_employees: String(g.int(2, 5000)),
				industry: g.pick(INDUSTRY),
				websites: [{ url: `https://www.${domain}`, type: 'primary' }],
				addresses: [address(g, 'primary')],
				social_links: [{ url: `https://www.linkedin.com/company/${slug(name)}`, type: 'linkedin' }],
				phone_numbers: [{ number: phone(g), type: 'primary' }],
				emails: [{ email: `info@${domain}`, type: 'primary' }],
				tags: g.tags(),
				custom_fields: [],
				read_only: false,
			};
		}
		case 'contacts': {
			const first = g.pick(FIRST);
			const last = g.pick(LAST);
			const company = g.chance(0.9) ? g.maybe(ctx.companies) : undefined;
			const domain = company ? `${slug(String(company.name))}.example` : 'mail.example';
			return {
				name: `${first} ${last}`,
				owner_id: owner,
				type: g.pick(['customer', 'customer', 'supplier', 'personal'] as const),
				company_id: company ? company.id : null,
				company_name: company ? company.name : null,
				first_name: first,
				last_name: last,
				title: g.pick(TITLES),
				department: g.pick(DEPTS),
				language: g.pick(['EN', 'NL', 'DE', 'FR']),
				gender: g.pick(['male', 'female', 'unisex'] as const),
				lead_source: g.pick(SOURCES),
				status: 'active',
				active: true,
				emails: [{ email: `${slug(first)}.${slug(last)}${n}@${domain}`, type: 'work' }],
				phone_numbers: [{ number: phone(g), type: g.pick(['work', 'mobile'] as const) }],
				addresses: [address(g, 'office')],
				tags: g.tags(),
				custom_fields: [],
				description: g.chance(0.3) ? `Met at ${g.pick(['a conference', 'a webinar', 'the office', 'a trade fair'])}` : null,
			};
		}
		case 'leads': {
			const first = g.pick(FIRST);
			const last = g.pick(LAST);
			const companyName = `${g.pick(ADJ)} ${g.pick(NOUN)} ${g.pick(SUFFIX)}`;
			return {
				name: `${first} ${last}`,
				company_name: companyName,
				owner_id: owner,
				lead_source: g.pick(SOURCES),
				first_name: first,
				last_name: last,
				title: g.pick(TITLES),
				language: 'EN',
				status: g.pick(LEAD_STATUS),
				monetary_amount: g.int(5, 500) * 100,
				currency: g.pick(CURR),
				emails: [{ email: `${slug(first)}.${slug(last)}${n}@${slug(companyName)}.example`, type: 'work' }],
				phone_numbers: [{ number: phone(g), type: 'work' }],
				tags: g.tags(),
			};
		}
		case 'opportunities': {
			const contact = g.maybe(ctx.contacts);
			const company = contact?.company_id
				? ctx.companies.find((c) => c.id === contact.company_id)
				: g.maybe(ctx.companies);
			const pipeline = g.maybe(ctx.pipelines);
			const stages = (pipeline?.stages as Rec[] | undefined) ?? [];
			const stage = stages.length ? stages[g.int(0, Math.min(3, stages.length - 1))] : undefined;
			const status = g.pick(OPP_STATUS);
			return {
				title: `${company ? company.name : 'Prospect'} - ${g.pick(DEAL)}`,
				primary_contact_id: contact ? contact.id : null,
				description: g.chance(0.5) ? `Opportunity sourced via ${g.pick(SOURCES)}` : null,
				type: g.pick(['new business', 'existing business']),
				monetary_amount: g.int(10, 2000) * 100,
				currency: g.pick(CURR),
				win_probability: status === 'won' ? 100 : status === 'lost' ? 0 : g.pick([10, 25, 50, 75]),
				close_date: new Date(BASE_MS + g.int(30, 400) * DAY).toISOString().slice(0, 10),
				pipeline_id: pipeline ? pipeline.id : null,
				pipeline_stage_id: stage ? (stage.id as string) : null,
				contact_id: contact ? contact.id : null,
				contact_ids: contact ? [contact.id] : [],
				company_id: company ? company.id : null,
				company_name: company ? (company.name as string) : null,
				owner_id: owner,
				priority: g.pick(PRIORITY),
				status,
				lead_source: g.pick(SOURCES),
				tags: g.tags(),
				custom_fields: [],
			};
		}
		case 'activities': {
			const type = g.pick(ACTIVITY_TYPES.slice(0, 5));
			const contact = g.maybe(ctx.contacts);
			const start = BASE_MS + g.int(0, 365) * DAY + g.int(8, 17) * 3_600_000;
			const durationSeconds = g.pick([900, 1800, 3600]);
			const opp = g.chance(0.3) ? g.maybe(ctx.opportunities) : undefined;
			return {
				type,
				title: `${type[0].toUpperCase()}${type.slice(1)} with ${contact ? contact.name : 'prospect'}`,
				description: g.chance(0.5) ? `Discussed ${g.pick(DEAL).toLowerCase()}` : null,
				activity_datetime: new Date(start).toISOString(),
				start_datetime: new Date(start).toISOString(),
				end_datetime: new Date(start + durationSeconds * 1000).toISOString(),
				duration_seconds: durationSeconds,
				owner_id: owner,
				user_id: owner,
				contact_id: contact ? contact.id : null,
				company_id: contact ? ((contact.company_id as string | null) ?? null) : null,
				opportunity_id: opp ? opp.id : null,
				location: type === 'meeting' ? g.pick(CITY)[0] : null,
				all_day_event: false,
				private: false,
				done: g.chance(0.6),
				show_as: g.pick(['free', 'busy'] as const),
				recurrent: false,
				attendees:
					type === 'meeting' && contact
						? [
								{
									name: contact.name as string,
									email_address: ((contact.emails as { email: string }[])[0] ?? { email: null }).email,
									is_organizer: false,
									status: g.pick(['accepted', 'tentative', 'declined'] as const),
								},
							]
						: [],
				custom_fields: [],
			};
		}
		case 'notes': {
			const contact = g.maybe(ctx.contacts);
			return {
				title: `${g.pick(NOTE_TOPICS)} (${serviceId})`,
				content: `<p>${g.pick(NOTE_TOPICS)}: ${g.pick(DEAL).toLowerCase()} for ${contact ? contact.name : 'a prospect'}.</p>`,
				owner_id: owner,
				contact_id: contact ? contact.id : null,
				company_id: contact ? ((contact.company_id as string | null) ?? null) : null,
				opportunity_id: g.chance(0.3) ? (g.maybe(ctx.opportunities)?.id ?? null) : null,
				active: true,
			};
		}
	}
}

/**
 * Adds `count` deterministic records to a connection. The same call on the same
 * state yields the same records (ids come from the store's sequence).
 */
export function seedCollection(store: Store, conn: ConnectionData, resource: Resource, count: number): Rec[] {
	const col = conn.collections[resource];
	const start = col.list.length;
	const g = new Gen(`${conn.consumerId}|${conn.serviceId}|${resource}|${start}`);
	const ctx = context(conn);
	const out: Rec[] = [];
	for (let i = 0; i < count; i++) {
		const n = start + i;
		const body = makeBody(resource, g, n, ctx, conn.serviceId);
		const created = BASE_MS + n * 3_600_000 + g.int(0, 3_599) * 1000;
		const updated = created + g.int(0, 60) * DAY + g.int(0, 86_399) * 1000;
		out.push(store.insertSeeded(conn, resource, body, created, updated));
	}
	return out;
}

export interface DemoCounts {
	users: number;
	pipelines: number;
	companies: number;
	contacts: number;
	leads: number;
	opportunities: number;
	activities: number;
	notes: number;
}

/** Resource order matters: later resources reference earlier ones. */
const ORDER: (keyof DemoCounts)[] = ['users', 'pipelines', 'companies', 'contacts', 'leads', 'opportunities', 'activities', 'notes'];

export function seedConnection(store: Store, conn: ConnectionData, counts: DemoCounts): void {
	for (const r of ORDER) if (counts[r] > 0) seedCollection(store, conn, r, counts[r]);
}

export const DEMO_COUNTS: Record<string, DemoCounts> = {
	'demo-consumer|hubspot': { users: 5, pipelines: 3, companies: 45, contacts: 60, leads: 30, opportunities: 25, activities: 40, notes: 20 },
	'demo-consumer|pipedrive': { users: 2, pipelines: 1, companies: 5, contacts: 8, leads: 4, opportunities: 4, activities: 5, notes: 3 },
	'other-consumer|hubspot': { users: 2, pipelines: 1, companies: 3, contacts: 4, leads: 2, opportunities: 2, activities: 3, notes: 2 },
};
