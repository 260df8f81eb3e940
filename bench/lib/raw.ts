/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * The baseline for Get Many → Return All: what a hand-written client with nothing but node:http does
 * for the same data. Same pages (limit=200, following meta.cursors.next), same headers, a keep-alive
 * agent, every body JSON-parsed and every record kept in one array (as the node keeps its items).
 */
import * as http from 'node:http';

export interface RawResult {
	records: object[];
	requests: number;
	/** bytes of all response bodies */
	bytes: number;
}

export interface RawAuth {
	apiKey: string;
	appId: string;
	consumerId: string;
}

function get(url: URL, agent: http.Agent, headers: http.OutgoingHttpHeaders): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { agent, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
	});
}

export async function rawGetAll(baseUrl: string, path: string, auth: RawAuth): Promise<RawResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const headers = {
		accept: 'application/json',
		authorization: `Bearer ${auth.apiKey}`,
		'x-apideck-app-id': auth.appId,
		'x-apideck-consumer-id': auth.consumerId,
	};
	const records: object[] = [];
	let bytes = 0;
	let requests = 0;
	let cursor: string | undefined;
	try {
		do {
			const url = new URL(path, baseUrl);
			url.searchParams.set('limit', '200');
			if (cursor) url.searchParams.set('cursor', cursor);
			const { status, text } = await get(url, agent, headers);
			requests++;
			bytes += Buffer.byteLength(text);
			if (status !== 200) throw new Error(`raw loop: GET ${url.pathname} answered ${status}: ${text.slice(0, 200)}`);
			const body = JSON.parse(text) as { data?: object[]; meta?: { cursors?: { next?: string | null } } };
			for (const record of body.data ?? []) records.push(record);
			const next = body.meta?.cursors?.next;
			cursor = typeof next === 'string' && next !== '' ? next : undefined;
		} while (cursor);
	} finally {
		agent.destroy();
	}
	return { records, requests, bytes };
}
