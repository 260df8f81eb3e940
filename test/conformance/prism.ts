/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Starts Stoplight Prism (installed on demand into .cache/prism by ensure-prism.sh)
 * as a mock or a validating proxy, on a free port.
 *
 *   const prism = await startPrism('proxy', specPath(), sandbox.url);
 *   // ... requests to prism.url ...
 *   await prism.close();
 *
 * With `errors: true` (default) Prism answers a request or response that breaks the
 * contract with an application/problem+json error (422 for requests in mock mode,
 * 500 for responses in proxy mode) and lists the reasons in the `sl-violations` header.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PRISM_JS = path.join(REPO_ROOT, '.cache', 'prism', 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/** Apideck's specs beside the checkout: one lookup for every test (test/helpers/spec.ts). */
export { specPath } from '../helpers/spec';

export function ensurePrism(): string {
	if (!existsSync(PRISM_JS)) {
		execFileSync('bash', [path.join(__dirname, 'ensure-prism.sh')], { stdio: 'inherit', cwd: REPO_ROOT });
	}
	return PRISM_JS;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

export interface PrismHandle {
	url: string;
	port: number;
	/** everything Prism printed (useful when a test fails) */
	output(): string;
	close(): Promise<void>;
}

export interface PrismOptions {
	/** turn violations into error responses (default true) */
	errors?: boolean;
	/** mock mode: generate dynamic examples instead of the spec's static ones (default false) */
	dynamic?: boolean;
	/** startup timeout (default 60 s) */
	timeoutMs?: number;
}

export async function startPrism(
	mode: 'mock' | 'proxy',
	spec: string,
	upstream?: string,
	opts: PrismOptions = {},
): Promise<PrismHandle> {
	if (mode === 'proxy' && !upstream) throw new Error('startPrism: proxy mode needs an upstream URL');
	const js = ensurePrism();
	const port = await freePort();
	const args = [js, mode, spec];
	if (mode === 'proxy') args.push(upstream as string);
	args.push('--port', String(port), '--host', '127.0.0.1', '--errors', String(opts.errors ?? true));
	if (mode === 'mock' && opts.dynamic) args.push('--dynamic');

	const child: ChildProcess = spawn(process.execPath, args, {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
	});
	let out = '';
	const collect = (b: Buffer) => {
		out += b.toString();
		if (out.length > 2_000_000) out = out.slice(-1_000_000);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);

	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			cleanup();
			child.kill('SIGKILL');
			reject(new Error(`Prism did not start within ${opts.timeoutMs ?? 60_000} ms:\n${out}`));
		}, opts.timeoutMs ?? 60_000);
		const onData = () => {
			if (/Prism is listening on/.test(out)) {
				cleanup();
				resolve();
			}
		};
		const onExit = (code: number | null) => {
			cleanup();
			reject(new Error(`Prism exited early (code ${code}):\n${out}`));
		};
		const cleanup = () => {
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			child.stderr?.off('data', onData);
			child.off('exit', onExit);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', onExit);
	});

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		output: () => out,
		close: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
				child.once('exit', () => {
					clearTimeout(t);
					resolve();
				});
				child.kill('SIGTERM');
			}),
	};
}

/**
 * Prism's mock is stateless: every list answer carries the same example `next` cursor, which the node
 * rightly refuses as a cycling cursor. The recorders end the paging after the page the node asked for
 * with a cursor, so the cursor request itself is still sent to Prism and validated.
 */
export function endPagingAfterCursor(url: string, text: string): string {
	if (!/[?&]cursor=/.test(url)) return text;
	try {
		const body = JSON.parse(text);
		if (body?.meta?.cursors && typeof body.meta.cursors === 'object') body.meta.cursors.next = null;
		return JSON.stringify(body);
	} catch {
		return text;
	}
}

/** One request a recorder passed on to Prism, and what Prism said of it. */
export interface SeenRequest {
	method: string;
	url: string;
	body: any;
	status: number;
	/** Prism's `sl-violations` header: what breaks the spec (request or response), as JSON text */
	violations: string | null;
}

export interface Recorder {
	/** what the nodes should use as the Base URL */
	url: string;
	/** every request passed on, in order; a test may empty it */
	seen: SeenRequest[];
	close(): void;
}

/**
 * A small server between a node and Prism: it passes every request on, keeps what was sent and what Prism
 * found wrong with it, and ends Prism's endless paging after one cursor. `answer` may answer a request
 * itself instead (e.g. a connector's 400 that Prism would not make up); such requests are not recorded.
 */
export async function startRecorder(
	prismUrl: () => string,
	answer?: (method: string, url: string) => { status: number; body: unknown } | undefined,
): Promise<Recorder> {
	const seen: SeenRequest[] = [];
	const server = http.createServer(async (req, res) => {
		const own = answer?.(req.method!, req.url!);
		if (own) {
			res.writeHead(own.status, { 'content-type': 'application/json' }).end(JSON.stringify(own.body));
			return;
		}
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const raw = Buffer.concat(chunks);
		const upstream = await fetch(`${prismUrl()}${req.url}`, {
			method: req.method,
			headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>,
			body: raw.length ? raw : undefined,
		});
		const text = endPagingAfterCursor(req.url!, await upstream.text());
		seen.push({ method: req.method!, url: req.url!, body: raw.length ? JSON.parse(raw.toString()) : undefined, status: upstream.status, violations: upstream.headers.get('sl-violations') });
		res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}
