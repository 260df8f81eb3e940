// `npm run build` (tsc -p tsconfig.build.json + gulp) against `n8n-node build` (@n8n/node-cli: `tsc` on
// tsconfig.json, then a copy of every *.png / *.svg and __schema__ JSON), each run on a fresh copy of the
// package's inputs in a temp dir. `n8n-node build` cannot run in this checkout as it is: it always compiles
// tsconfig.json, which here is the typecheck project (noEmit, tests included), so its copy gets the build
// project as its tsconfig.json, as in n8n-nodes-starter. The two dist/ trees must hold the same files with
// the same bytes (compiled code, maps, declarations, codex .node.json files, icons).
//
//   node scripts/build-parity.mjs          (also part of `npm run test:scan`)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['package.json', 'nodes', 'credentials', 'icons'];

/** Every file under `dir`, relative, sorted. */
function files(dir, base = dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
		.sort();
}

/** A copy of the package's inputs in `dir`, with this checkout's node_modules linked in. */
function copyInputs(dir) {
	fs.mkdirSync(dir, { recursive: true });
	for (const input of INPUTS) fs.cpSync(path.join(root, input), path.join(dir, input), { recursive: true });
	fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

function run(cmd, args, cwd) {
	try {
		execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } });
	} catch (error) {
		throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
	}
}

/** Runs both builds; returns the differences (none when the two dist/ trees are the same). */
export async function compareBuilds({ keep = false } = {}) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apideck-build-parity-'));
	try {
		// npm run build, as package.json defines it
		const ours = path.join(work, 'npm-run-build');
		copyInputs(ours);
		for (const file of ['tsconfig.json', 'tsconfig.build.json', 'gulpfile.js']) fs.copyFileSync(path.join(root, file), path.join(ours, file));
		run('npm', ['run', 'build', '--silent'], ours);

		// n8n-node build, with the build project as tsconfig.json
		const cli = path.join(work, 'n8n-node-build');
		copyInputs(cli);
		fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(cli, 'tsconfig.base.json'));
		const buildProject = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
		fs.writeFileSync(path.join(cli, 'tsconfig.json'), JSON.stringify({ ...buildProject, extends: './tsconfig.base.json' }, null, 2));
		run(process.execPath, [path.join(root, 'node_modules/@n8n/node-cli/bin/n8n-node.mjs'), 'build'], cli);

		const a = files(path.join(ours, 'dist'));
		const b = files(path.join(cli, 'dist'));
		const problems = [];
		const inB = new Set(b);
		const inA = new Set(a);
		for (const f of a) if (!inB.has(f)) problems.push(`${f}: only in npm run build`);
		for (const f of b) if (!inA.has(f)) problems.push(`${f}: only in n8n-node build`);
		let same = 0;
		for (const f of a.filter((f) => inB.has(f))) {
			if (fs.readFileSync(path.join(ours, 'dist', f)).equals(fs.readFileSync(path.join(cli, 'dist', f)))) same++;
			else problems.push(`${f}: differs`);
		}
		// icons are copies of their sources; codex (and __schema__) JSON holds the same data (tsc re-indents it)
		for (const f of a.filter((f) => /\.(svg|png)$/.test(f))) {
			if (!fs.readFileSync(path.join(ours, 'dist', f)).equals(fs.readFileSync(path.join(root, f)))) problems.push(`${f}: not a copy of its source`);
		}
		const json = (file) => JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
		for (const f of a.filter((f) => f.endsWith('.json'))) {
			if (json(path.join(ours, 'dist', f)) !== json(path.join(root, f))) problems.push(`${f}: not the data of its source`);
		}
		const codex = a.filter((f) => f.endsWith('.node.json')).length;
		const icons = a.filter((f) => /\.(svg|png)$/.test(f)).length;
		if (!codex) problems.push('no .node.json codex file in dist/');
		if (!icons) problems.push('no icon in dist/');
		const summary = `${a.length} vs ${b.length} files, ${same} identical (${codex} codex .node.json, ${icons} icons)`;
		return { problems, summary, files: a };
	} finally {
		if (!keep) fs.rmSync(work, { recursive: true, force: true });
		else console.log(`kept ${work}`);
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const { problems, summary } = await compareBuilds({ keep: process.argv.includes('--keep') });
	console.log(`${problems.length ? 'FAIL' : 'ok  '} npm run build and n8n-node build: ${summary}`);
	if (problems.length) {
		console.log(problems.join('\n'));
		process.exitCode = 1;
	}
}
