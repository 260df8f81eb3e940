/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The import picture CONTRIBUTING.md ("Where things live") draws, read from the source: each node's folder
// imports only itself and nodes/shared/; nodes/shared/ imports no node; inside nodes/shared/ each floor
// imports only its own floor and the floors below; nothing imports a node file; no cycles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const root = join(__dirname, '../..');

/** nodes/shared/'s floors, top to bottom. */
const FLOORS = ['listSearch', 'resources', 'descriptions', 'requests', 'transport', 'definitions'];

type Graph = Map<string, string[]>;

function sources(dir: string): string[] {
	return readdirSync(join(root, dir)).flatMap((name) => {
		const path = `${dir}/${name}`;
		if (statSync(join(root, path)).isDirectory()) return sources(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

function resolveImport(from: string, spec: string, files: Set<string>): string {
	const base = relative(root, normalize(join(root, dirname(from), spec))).split('\\').join('/');
	const found = [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => files.has(candidate));
	if (!found) throw new Error(`${from}: cannot resolve '${spec}'`);
	return found;
}

/** Every relative import (static, dynamic, re-export) of the package's own TypeScript. */
function importGraph(): Graph {
	const files = [...sources('nodes'), ...sources('credentials')];
	const known = new Set(files);
	const graph: Graph = new Map();
	for (const file of files) {
		const text = readFileSync(join(root, file), 'utf8');
		const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)'(\.[^']+)'/gm)].map((m) => m[1]);
		graph.set(
			file,
			specs.map((spec) => resolveImport(file, spec, known)),
		);
	}
	return graph;
}

/** Where a module sits: a node's folder, or a floor of nodes/shared/. */
function placeOf(file: string): { node?: string; floor?: number } {
	const [, top, sub] = file.split('/');
	if (file.startsWith('credentials/')) return { node: 'credentials' };
	if (top !== 'shared') return { node: top };
	const floor = FLOORS.indexOf(sub);
	if (floor < 0) throw new Error(`${file}: nodes/shared/${sub}/ is not one of the floors (${FLOORS.join(', ')})`);
	return { floor };
}

/** The imports that break the picture, as "from -> to: why". */
function violations(graph: Graph): string[] {
	const found: string[] = [];
	for (const [from, targets] of graph) {
		const a = placeOf(from);
		for (const to of targets) {
			const b = placeOf(to);
			if (to.endsWith('.node.ts')) found.push(`${from} -> ${to}: a node file is the top of its folder`);
			else if (a.node && b.node && a.node !== b.node) found.push(`${from} -> ${to}: one node's folder imports another's`);
			else if (a.floor !== undefined && b.node) found.push(`${from} -> ${to}: nodes/shared/ imports a node's folder`);
			else if (a.floor !== undefined && b.floor !== undefined && b.floor < a.floor) {
				found.push(`${from} -> ${to}: ${FLOORS[a.floor]}/ reaches up to ${FLOORS[b.floor]}/`);
			}
		}
	}
	return found;
}

/** The modules on an import cycle, if any. */
function cycles(graph: Graph): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const visit = (file: string, path: string[]) => {
		if (state.get(file) === 'done') return;
		if (state.get(file) === 'open') {
			found.push([...path.slice(path.indexOf(file)), file]);
			return;
		}
		state.set(file, 'open');
		for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
		state.set(file, 'done');
	};
	for (const file of graph.keys()) visit(file, []);
	return found;
}

const graph = importGraph();

test('the package has the folders the picture names', () => {
	const folders = new Set([...graph.keys()].map((file) => file.split('/').slice(0, 3).join('/')));
	for (const floor of FLOORS) expect(folders).toContain(`nodes/shared/${floor}`);
	expect(folders).toContain('nodes/ApideckCrm/executor');
	// the graph is read, not empty: the action node reaches the transport through the executor
	expect(graph.get('nodes/ApideckCrm/executor/execute.ts')).toContain('nodes/shared/transport/transport.ts');
});

test('every import goes down the picture: no node imports another, nodes/shared/ imports no node, no floor reaches up', () => {
	expect(violations(graph)).toEqual([]);
});

test('there is no import cycle', () => {
	expect(cycles(graph)).toEqual([]);
});

test('the checks see a broken picture (each kind planted in a copy of the real graph)', () => {
	const planted = (from: string, to: string) => new Map([...graph, [from, [...(graph.get(from) ?? []), to]]]);
	expect(violations(planted('nodes/shared/transport/transport.ts', 'nodes/shared/descriptions/operations.ts'))).toEqual([
		'nodes/shared/transport/transport.ts -> nodes/shared/descriptions/operations.ts: transport/ reaches up to descriptions/',
	]);
	expect(violations(planted('nodes/ApideckCrmTrigger/delivery.ts', 'nodes/ApideckCrm/executor/simplify.ts'))).toEqual([
		"nodes/ApideckCrmTrigger/delivery.ts -> nodes/ApideckCrm/executor/simplify.ts: one node's folder imports another's",
	]);
	expect(violations(planted('nodes/shared/requests/body.ts', 'nodes/ApideckCrm/executor/writes.ts'))).toEqual([
		"nodes/shared/requests/body.ts -> nodes/ApideckCrm/executor/writes.ts: nodes/shared/ imports a node's folder",
	]);
	expect(violations(planted('nodes/ApideckCrm/executor/execute.ts', 'nodes/ApideckCrm/ApideckCrm.node.ts'))).toEqual([
		'nodes/ApideckCrm/executor/execute.ts -> nodes/ApideckCrm/ApideckCrm.node.ts: a node file is the top of its folder',
	]);
	const cycle = cycles(planted('nodes/shared/transport/errors.ts', 'nodes/shared/transport/transport.ts'));
	expect(cycle.length).toBeGreaterThan(0);
	for (const modules of cycle) expect(modules).toEqual(expect.arrayContaining(['nodes/shared/transport/errors.ts', 'nodes/shared/transport/transport.ts']));
});
