/**
 * Diagnostics behind the bench's findings (not part of `npm run bench`):
 *   node --expose-gc bench/run.js --diagnose=evals     expression evaluations per input item of a create, by caller
 *   node --expose-gc bench/run.js --diagnose=prep      time before the first request of 1,000 creates, with the node's
 *                                                      full property list vs what-if lists (in memory, nothing edited)
 *   node --expose-gc bench/run.js --diagnose=attempts  attempts per lead under the rate limit, and the gap between them
 *   node --expose-gc bench/run.js --diagnose=auth      Return All 10k, node / raw with the credential's generic
 *                                                      (expression) authenticate vs the same headers set by a function
 */
import {
	Expression,
	type ICredentialDataDecryptedObject,
	type IHttpRequestOptions,
	type INodeType,
} from 'n8n-workflow';

import { ApideckCrm } from '../nodes/ApideckCrm/ApideckCrm.node';
import { startSandbox } from '../sandbox';
import { credentialTypes, runNode } from '../test/helpers/engine';
import { credentialsFor, runOnce, seedConsumer } from './getall';
import { arrivedAt, installRequestClock } from './lib/clock';
import { median, nowMs } from './lib/stats';

const CREATE = { resource: 'lead', operation: 'create', leadName: '={{ $json.name }}', leadCompanyName: '={{ $json.company }}' };

function variant(kind: 'full' | 'lead only'): INodeType {
	const base = new ApideckCrm();
	const description = { ...base.description };
	const resources = (p: (typeof description.properties)[number]) => p.displayOptions?.show?.resource as string[] | undefined;
	if (kind === 'lead only') description.properties = description.properties.filter((p) => !resources(p) || resources(p)!.includes('lead'));
	return { ...base, description } as unknown as INodeType;
}

const items = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ name: `Diag ${tag} #${i}`, company: 'Diag Co' }));

export async function diagnose(name: string, log: (line: string) => void) {
	const sandbox = await startSandbox({ seed: false });
	installRequestClock(sandbox);
	try {
		if (name === 'evals') {
			const byCaller = new Map<string, number>();
			const proto = Expression.prototype as unknown as { resolveSimpleParameterValue: (...a: unknown[]) => unknown };
			const original = proto.resolveSimpleParameterValue;
			proto.resolveSimpleParameterValue = function (this: unknown, ...args: unknown[]) {
				const frame = (new Error().stack ?? '')
					.split('\n')
					.map((l) => l.trim())
					.find((l) => /routing-node\.js|nodes\/ApideckCrm|credentials|test\/helpers/.test(l) && !/getParameterValue \(/.test(l));
				const key = `${String(args[0]).slice(0, 60)}  <-  ${(frame ?? '?').replace(/\(.*node_modules\//, '(').replace(/\(\/.*\/main\//, '(')}`;
				byCaller.set(key, (byCaller.get(key) ?? 0) + 1);
				return original.apply(this, args);
			};
			const n = 20;
			await runNode({ nodeType: new ApideckCrm(), parameters: CREATE, credentials: credentialsFor(sandbox, 'diag-evals'), items: items(n, 'e') });
			proto.resolveSimpleParameterValue = original;
			let total = 0;
			for (const [key, count] of [...byCaller].sort((a, b) => b[1] - a[1])) {
				total += count;
				log(`${(count / n).toFixed(1).padStart(5)} per item  ${key}`);
			}
			log(`${(total / n).toFixed(1).padStart(5)} per item  in all`);
		} else if (name === 'prep') {
			const times: Record<string, number[]> = {};
			for (let rep = 0; rep < 3; rep++) {
				for (const kind of ['full', 'lead only'] as const) {
					const nodeType = variant(kind);
					sandbox.resetRequests();
					const start = nowMs();
					await runNode({ nodeType, parameters: CREATE, credentials: credentialsFor(sandbox, `diag-prep-${rep}-${kind}`), items: items(1000, `${rep}${kind}`) });
					const first = Math.min(...sandbox.requests.map(arrivedAt));
					(times[`${kind} (${nodeType.description.properties.length} top-level properties)`] ??= []).push(first - start);
				}
			}
			for (const [kind, list] of Object.entries(times)) log(`${kind}: ${median(list).toFixed(0)} ms before the first request (runs ${list.map((t) => t.toFixed(0)).join(', ')})`);
		} else if (name === 'attempts') {
			for (const maxConcurrency of [1, 5]) {
				sandbox.setFaults({ rateLimitPerSecond: 100, rate429: 0.05, retryAfter: '0', seed: 7 });
				sandbox.resetRequests();
				const r = await runNode({
					nodeType: new ApideckCrm(),
					parameters: { ...CREATE, requestOptions: { maxConcurrency } },
					credentials: credentialsFor(sandbox, `diag-attempts-${maxConcurrency}`),
					items: items(1000, `a${maxConcurrency}`),
				});
				sandbox.setFaults(null);
				const byLead = new Map<string, number[]>();
				for (const q of sandbox.requests) if (q.method === 'POST') byLead.set(q.body?.name, [...(byLead.get(q.body?.name) ?? []), arrivedAt(q)]);
				const distribution = new Map<number, number>();
				const gaps: number[] = [];
				for (const times of byLead.values()) {
					distribution.set(times.length, (distribution.get(times.length) ?? 0) + 1);
					for (let i = 1; i < times.length; i++) gaps.push(times[i] - times[i - 1]);
				}
				log(`max concurrency ${maxConcurrency}: leads by attempts ${JSON.stringify(Object.fromEntries([...distribution].sort((a, b) => a[0] - b[0])))}, median gap between a 429 and the retry ${median(gaps).toFixed(0)} ms, run error: ${r.error?.message ?? 'none'}`);
			}
		} else if (name === 'auth') {
			const consumerId = seedConsumer(sandbox, 10000);
			const credential = credentialTypes.apideckCrmApi as { authenticate: unknown };
			const generic = credential.authenticate;
			const asFunction = async (c: ICredentialDataDecryptedObject, options: IHttpRequestOptions) => ({
				...options,
				headers: {
					...options.headers,
					Authorization: `Bearer ${String(c.apiKey)}`,
					'x-apideck-app-id': String(c.appId),
					'x-apideck-consumer-id': String(c.consumerId),
				},
			});
			const ratios: Record<string, number[]> = { generic: [], function: [] };
			for (let i = 0; i < 2; i++) await runOnce(sandbox, 'node', consumerId, 'warm-up');
			try {
				for (let i = 0; i < 10; i++) {
					for (const kind of i % 2 ? ['generic', 'function'] : ['function', 'generic']) {
						credential.authenticate = kind === 'generic' ? generic : asFunction;
						const raw = await runOnce(sandbox, 'raw', consumerId, 'raw');
						const node = await runOnce(sandbox, 'node', consumerId, `node ${kind}`);
						ratios[kind].push(node.ms / raw.ms);
					}
				}
			} finally {
				credential.authenticate = generic;
			}
			for (const [kind, list] of Object.entries(ratios)) log(`authenticate as ${kind}: Return All 10,000 node / raw = ${median(list).toFixed(2)} (median of ${list.length})`);
		} else {
			throw new Error(`unknown diagnosis '${name}' (evals, prep, attempts, auth)`);
		}
	} finally {
		await sandbox.close();
	}
}
