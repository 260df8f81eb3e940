// npm run test:compat — the engine tests (test/node, test/trigger) against n8n 1.x, besides the 2.x engine
// of `npm test`. For each n8n-core / n8n-workflow pair in compat-versions.json (the oldest n8n 1.x the
// nodes support and the last 1.x), the pair is installed once into `.cache/compat/n8n-core-<version>/`
// (reused while it matches) and jest runs with jest.compat.config.js, which makes the node's code and the
// tests resolve both packages there (one copy each, so n8n's instanceof checks hold).
//
//   node scripts/compat.mjs                 install what is missing, run every pair
//   node scripts/compat.mjs 1.122.48        only that n8n-core version
//   node scripts/compat.mjs --install-only  install, run nothing
//
// `--ignore-scripts`: n8n-workflow's isolated-vm does not build on Node 20 and the engine does not need it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const COMPAT_ENGINES = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'compat-versions.json'), 'utf8'));
export const compatDir = (coreVersion) => path.join(root, '.cache', 'compat', `n8n-core-${coreVersion}`);
const log = (message) => process.stdout.write(`[compat] ${message}\n`);

const readJson = (file) => {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
};

/** Throws unless `dir` holds exactly the pair, with no second n8n-workflow inside n8n-core. */
function verify(engine, dir) {
	const modules = path.join(dir, 'node_modules');
	for (const name of ['n8n-core', 'n8n-workflow']) {
		const found = readJson(path.join(modules, name, 'package.json'))?.version;
		if (found !== engine[name]) throw new Error(`${path.relative(root, dir)} has ${name}@${found ?? 'nothing'}, expected ${engine[name]}`);
	}
	const wants = readJson(path.join(modules, 'n8n-core', 'package.json')).dependencies['n8n-workflow'];
	if (wants !== engine['n8n-workflow']) throw new Error(`n8n-core@${engine['n8n-core']} wants n8n-workflow@${wants}, not ${engine['n8n-workflow']}`);
	if (fs.existsSync(path.join(modules, 'n8n-core', 'node_modules', 'n8n-workflow'))) {
		throw new Error(`n8n-core has its own copy of n8n-workflow in ${path.relative(root, dir)}`);
	}
}

export function ensureEngine(engine) {
	const dir = compatDir(engine['n8n-core']);
	const label = `n8n-core@${engine['n8n-core']} + n8n-workflow@${engine['n8n-workflow']} (n8n ${engine.n8n})`;
	const marker = path.join(dir, 'installed.json');
	const wanted = { 'n8n-core': engine['n8n-core'], 'n8n-workflow': engine['n8n-workflow'] };
	if (JSON.stringify(readJson(marker)) === JSON.stringify(wanted)) {
		try {
			verify(engine, dir);
			log(`reusing ${label}`);
			return;
		} catch (error) {
			log(`${error.message}: reinstalling`);
		}
	}
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'apideck-crm-compat', private: true, dependencies: wanted }, null, 2)}\n`);
	log(`installing ${label} into ${path.relative(root, dir)} (about a minute)`);
	const started = Date.now();
	const npm = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'], {
		cwd: dir,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (npm.status !== 0) throw new Error(`npm install in ${path.relative(root, dir)} exited with ${npm.status ?? npm.signal}`);
	verify(engine, dir);
	fs.writeFileSync(marker, `${JSON.stringify(wanted)}\n`);
	log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function main() {
	const args = process.argv.slice(2);
	const only = args.filter((a) => !a.startsWith('--'));
	const engines = COMPAT_ENGINES.filter((e) => only.length === 0 || only.includes(e['n8n-core']));
	if (engines.length === 0) throw new Error(`no engine in compat-versions.json matches ${only.join(', ')}`);
	for (const engine of engines) ensureEngine(engine);
	if (args.includes('--install-only')) return 0;

	const results = [];
	for (const engine of engines) {
		log(`engine tests against n8n ${engine.n8n} (n8n-core ${engine['n8n-core']})`);
		const jest = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', 'jest.compat.config.js'], {
			cwd: root,
			stdio: 'inherit',
			env: { ...process.env, COMPAT_N8N_CORE: engine['n8n-core'] },
		});
		results.push({ engine, ok: jest.status === 0 });
	}
	for (const { engine, ok } of results) log(`${ok ? 'ok  ' : 'FAIL'} n8n ${engine.n8n} (n8n-core ${engine['n8n-core']}, n8n-workflow ${engine['n8n-workflow']})`);
	return results.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		process.exitCode = main();
	} catch (error) {
		console.error(`[compat] ${error.message}`);
		process.exitCode = 1;
	}
}
