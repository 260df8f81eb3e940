/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, type Sandbox } from '../../sandbox';

export const AUTH = {
	authorization: `Bearer ${DEMO.apiKey}`,
	'x-apideck-app-id': DEMO.appId,
};

export interface CallOptions {
	body?: unknown;
	consumer?: string | null;
	service?: string;
	headers?: Record<string, string>;
	/** replace the default auth headers */
	auth?: Record<string, string>;
}

export interface Reply {
	status: number;
	body: any;
	headers: Headers;
}

export async function api(sb: Sandbox, method: string, path: string, o: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { ...(o.auth ?? AUTH) };
	if (o.consumer !== null) headers['x-apideck-consumer-id'] = o.consumer ?? DEMO.consumerId;
	if (o.service) headers['x-apideck-service-id'] = o.service;
	if (o.body !== undefined) headers['content-type'] = 'application/json';
	Object.assign(headers, o.headers);
	const res = await fetch(sb.url + path, {
		method,
		headers,
		body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
	});
	const text = await res.text();
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	return { status: res.status, body: JSON.parse(text), headers: res.headers };
}

/** Follows meta.cursors.next and returns every record plus the number of pages. */
export async function listAll(sb: Sandbox, path: string, o: CallOptions = {}): Promise<{ records: any[]; pages: number }> {
	const records: any[] = [];
	let pages = 0;
	let cursor: string | null = null;
	do {
		const sep = path.includes('?') ? '&' : '?';
		const r = await api(sb, 'GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path, o);
		expect(r.status).toBe(200);
		records.push(...r.body.data);
		pages += 1;
		cursor = r.body.meta.cursors.next;
	} while (cursor && pages < 10_000);
	return { records, pages };
}

export interface Received {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	raw: string;
	body: any;
}

/** A webhook receiver; `statuses` are answered in order, then 200. */
export async function receiver(statuses: number[] = []): Promise<{
	url: string;
	received: Received[];
	setStatuses(s: number[]): void;
	close(): Promise<void>;
}> {
	let queue = [...statuses];
	const received: Received[] = [];
	const srv = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			let body: unknown = raw;
			try {
				body = JSON.parse(raw);
			} catch {
				/* keep raw */
			}
			received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body });
			const status = queue.length ? (queue.shift() as number) : 200;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
		received,
		setStatuses: (s) => {
			queue = [...s];
		},
		close: () =>
			new Promise<void>((r) => {
				srv.close(() => r());
				srv.closeAllConnections();
			}),
	};
}

/**
 * Calls an admin endpoint (/_sandbox/..., no auth). A string body is sent as it is (to test a bad body),
 * anything else as JSON. Every answer must be JSON.
 */
export async function admin(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const r = await fetch(sb.url + path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	expect(r.headers.get('content-type')).toMatch(/^application\/json/);
	return { status: r.status, body: (await r.json()) as any };
}
