/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The release path n8n accepts: CI on every push and pull request, and a v* tag that publishes to npm with a
// provenance statement only after the build, lint and tests pass. package.json points at the one GitHub
// repository that workflow runs in (npm checks the provenance against `repository`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');
const pkg = JSON.parse(read('package.json'));

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
	if?: string;
	'continue-on-error'?: unknown;
}
interface Workflow {
	on: Record<string, any>;
	permissions?: Record<string, string>;
	jobs: Record<string, { 'runs-on': string; permissions?: unknown; steps: Step[] }>;
}

function workflow(file: string): { wf: Workflow; steps: Step[] } {
	const wf = parse(read(file)) as Workflow;
	const jobs = Object.values(wf.jobs);
	expect(jobs).toHaveLength(1);
	return { wf, steps: jobs[0].steps };
}

/** Shell lines of the run steps, in order (a multi-line `run` contributes each of its lines). */
const commands = (steps: Step[]) =>
	steps.flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()).filter(Boolean));

/** Index of the step whose run command is exactly `cmd` (one occurrence, no conditions, failures fail). */
function stepIndex(steps: Step[], cmd: string): number {
	const found = steps.map((s, i) => [s, i] as const).filter(([s]) => s.run?.trim() === cmd);
	expect(found.map(([s]) => s.run?.trim())).toEqual([cmd]);
	const [step, index] = found[0];
	expect(step.if).toBeUndefined();
	expect(step['continue-on-error']).toBeUndefined();
	return index;
}

function setupNode(steps: Step[]): Step {
	const setup = steps.filter((s) => s.uses?.startsWith('actions/setup-node@'));
	expect(setup).toHaveLength(1);
	return setup[0];
}

/** The GitHub owner/name the package says it comes from. */
function repositorySlug(): string {
	const match = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(pkg.repository?.url ?? '');
	if (!match) throw new Error(`repository.url ${pkg.repository?.url} is not a GitHub git+https URL`);
	return `${match[1]}/${match[2]}`;
}

describe('ci.yml', () => {
	const { wf, steps } = workflow('.github/workflows/ci.yml');

	it('runs on every push and pull request', () => {
		expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
		expect(wf.on.push?.branches ?? wf.on.push?.tags).toBeUndefined();
		expect(wf.permissions).toEqual({ contents: 'read' });
	});

	it('checks out, sets up Node 20, installs from the lock file, then lints, typechecks, builds and tests', () => {
		expect(steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
		expect(setupNode(steps).with?.['node-version']).toBe(20);
		const order = ['npm ci', 'npm run lint', 'npm run typecheck', 'npm run build', 'npm test'].map((c) => stepIndex(steps, c));
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(stepIndex(steps, 'npm ci')).toBeGreaterThan(steps.indexOf(setupNode(steps)));
	});

	it("also runs n8n's package scan and the engine tests against n8n 1.x", () => {
		expect(stepIndex(steps, 'npm run test:scan')).toBeGreaterThan(stepIndex(steps, 'npm ci'));
		expect(stepIndex(steps, 'npm run test:compat')).toBeGreaterThan(stepIndex(steps, 'npm ci'));
	});
});

describe('publish.yml', () => {
	const { wf, steps } = workflow('.github/workflows/publish.yml');
	const publish = () => steps[stepIndex(steps, 'npm publish --provenance --access public')];

	it('runs only for v* tags', () => {
		expect(Object.keys(wf.on)).toEqual(['push']);
		expect(wf.on.push).toEqual({ tags: ['v*'] });
	});

	it('may read the repository and request an OIDC token for provenance, nothing more', () => {
		expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		for (const job of Object.values(wf.jobs)) expect(job.permissions).toBeUndefined();
	});

	it('publishes publicly to npm with a provenance statement and the NPM_TOKEN secret', () => {
		const cmd = publish().run!.trim().split(/\s+/);
		expect(cmd.slice(0, 2)).toEqual(['npm', 'publish']);
		expect(cmd).toContain('--provenance');
		expect(cmd.join(' ')).toContain('--access public');
		// RELEASE_MODE: prepublishOnly (n8n-node prerelease) refuses a publish without it
		expect(publish().env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}', RELEASE_MODE: 'true' });
		const setup = setupNode(steps);
		expect(setup.with?.['node-version']).toBe(20);
		expect(setup.with?.['registry-url']).toBe('https://registry.npmjs.org');
		// One publish, no other step that could publish or push.
		expect(commands(steps).filter((c) => /\bnpm\s+publish\b|\bgit\s+push\b/.test(c))).toHaveLength(1);
	});

	it('installs, builds, lints and runs the tests and the scan before it publishes', () => {
		const before = ['npm ci', 'npm run build', 'npm run lint', 'npm test', 'npm run test:scan'].map((c) => stepIndex(steps, c));
		const at = steps.indexOf(publish());
		for (const index of before) expect(index).toBeLessThan(at);
		expect(before[0]).toBe(Math.min(...before));
		expect(steps.indexOf(setupNode(steps))).toBeLessThan(before[0]);
	});

	it('refuses a tag that does not name the version in package.json', () => {
		const guard = steps.find((s) => s.run?.includes('$GITHUB_REF_NAME'));
		expect(guard?.run).toContain("require('./package.json').version");
		expect(steps.indexOf(guard!)).toBeLessThan(steps.indexOf(publish()));
	});
});

describe('both workflows', () => {
	it("fetch Apideck's specs, pinned by blob hash, before the tests that read them", () => {
		const specs = require('../../scripts/apideck-specs.json');
		expect(Object.keys(specs.files).sort()).toEqual(['crm-10.34.0.yml', 'crm.yml', 'vault.yml', 'webhook.yml']);
		for (const spec of Object.values(specs.files) as Array<{ blob: string }>) expect(spec.blob).toMatch(/^[0-9a-f]{40}$/);
		for (const file of ['.github/workflows/ci.yml', '.github/workflows/publish.yml']) {
			const { steps } = workflow(file);
			const fetch = stepIndex(steps, 'node scripts/fetch-apideck-specs.mjs');
			expect(fetch).toBeGreaterThan(stepIndex(steps, 'npm ci'));
			expect(fetch).toBeLessThan(stepIndex(steps, 'npm test'));
		}
	});

	it('only call npm scripts that package.json defines', () => {
		for (const file of ['.github/workflows/ci.yml', '.github/workflows/publish.yml']) {
			const { steps } = workflow(file);
			for (const c of commands(steps)) {
				const script = /^npm run ([\w:-]+)/.exec(c)?.[1];
				if (script) expect([file, script, pkg.scripts[script] !== undefined]).toEqual([file, script, true]);
			}
		}
	});

	it("run on a Node major the package's engines allow (setup-node takes that major's latest release)", () => {
		const minimumMajor = Number(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
		for (const file of ['.github/workflows/ci.yml', '.github/workflows/publish.yml']) {
			expect(setupNode(workflow(file).steps).with?.['node-version']).toBeGreaterThanOrEqual(minimumMajor);
		}
	});
});

describe('package.json', () => {
	it('names one GitHub repository in repository, homepage, bugs and author', () => {
		const slug = repositorySlug();
		expect(slug).toBe('n8n-nodes-apideck-crm/n8n-nodes-apideck-crm');
		expect(pkg.repository.type).toBe('git');
		expect(pkg.homepage).toBe(`https://github.com/${slug}#readme`);
		expect(pkg.bugs).toEqual({ url: `https://github.com/${slug}/issues` });
		expect(pkg.author.name).toEqual(expect.any(String));
		expect(pkg.author.url).toBe(`https://github.com/${slug.split('/')[0]}`);
		expect(pkg.author.email).toMatch(/^[^\s@]+@[^\s@]+\.[a-z]+$/); // n8n's scanner requires an author email
	});

	it('has a CHANGELOG entry for its version and an Unreleased section', () => {
		const changelog = read('CHANGELOG.md');
		expect(changelog).toMatch(/^## \[Unreleased\]$/m);
		expect(changelog).toMatch(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
		const links = [...changelog.matchAll(/^\[[^\]]+\]: (\S+)$/gm)].map((m) => m[1]);
		expect(links).toContain(`https://github.com/${repositorySlug()}/releases/tag/v${pkg.version}`);
		for (const link of links) expect(link.startsWith(`https://github.com/${repositorySlug()}/`)).toBe(true);
	});
});

describe("n8n's tooling (@n8n/node-cli)", () => {
	const cliTemplate = (file: string) => read(`node_modules/@n8n/node-cli/dist/template/templates/shared/default/${file}`);

	it('is a devDependency pinned exactly; the package has no runtime dependencies', () => {
		expect(pkg.devDependencies['@n8n/node-cli']).toMatch(/^\d+\.\d+\.\d+$/);
		expect(JSON.parse(read('node_modules/@n8n/node-cli/package.json')).version).toBe(pkg.devDependencies['@n8n/node-cli']);
		expect(pkg.dependencies ?? {}).toEqual({});
	});

	it("lints with n8n-node lint and the CLI's default eslint.config.mjs, byte for byte, in strict mode (n8n Cloud)", () => {
		expect(pkg.scripts.lint).toBe('n8n-node lint');
		expect(pkg.n8n.strict).toBe(true);
		const config = read('eslint.config.mjs');
		expect(config).toBe("import { config } from '@n8n/node-cli/eslint';\n\nexport default config;\n");
		expect(config).toBe(cliTemplate('eslint.config.mjs'));
		// what `n8n-node cloud-support` compares against, whitespace collapsed
		expect(config.replace(/\s+/g, ' ').trim()).toBe("import { config } from '@n8n/node-cli/eslint'; export default config;");
		// the default config also lints .cache/tools/**/*.js (only dist/ is ignored): compiled without comments,
		// they carry no eslint-disable lines naming rules that .js files do not have
		expect(JSON.parse(read('tsconfig.tools.json')).compilerOptions.removeComments).toBe(true);
	});

	it('releases with n8n-node release, tagging v<version> for publish.yml, and refuses a plain npm publish', () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
		// release-it (run by n8n-node release) tags v<version>; publish.yml runs for v* tags
		expect(pkg['release-it']?.git?.tagName).toBe('v${version}');
		expect(pkg.devDependencies['release-it']).toMatch(/^\d+\.\d+\.\d+$/);
		// n8n-node release runs `npx auto-changelog -p` after the bump: pinned here (npx would otherwise fetch
		// it, or refuse without a TTY), and writing a git-ignored file, not the curated CHANGELOG.md
		expect(pkg.devDependencies['auto-changelog']).toMatch(/^\d+\.\d+\.\d+$/);
		expect(pkg['auto-changelog']?.output).toBe('release-notes.tmp.md');
		expect(read('.gitignore').split('\n')).toContain('release-notes.tmp.md');
		// .npmrc's ignore-scripts=true makes npm skip prepublishOnly: provenance refuses a publish outside CI
		expect(pkg.publishConfig).toEqual({ provenance: true, access: 'public' });
	});

	it('runs n8n with rebuild on change (npm run dev) on the offline n8n of npm start', () => {
		expect(pkg.scripts.dev).toMatch(/^npm run build && node scripts\/start\.mjs --watch\b/);
	});

	it("builds what n8n-node build builds: codex JSON through tsc, source maps with their sources", () => {
		const build = JSON.parse(read('tsconfig.build.json'));
		expect(build.include).toEqual(expect.arrayContaining(['credentials/**/*.ts', 'nodes/**/*.ts', 'nodes/**/*.json']));
		expect(build.compilerOptions).toMatchObject({ outDir: 'dist', sourceMap: true, inlineSources: true });
		expect(pkg.files).toEqual(['dist']);
	});
});

describe('.ci/run', () => {
	const lines = read('.ci/run').split('\n').map((l) => l.trim());

	it('builds once, as the release dry run, and every later step that needs dist/ reuses it', () => {
		// the one build: n8n-node release's GitHub Actions path (lint, build, npm publish) with npm's dry run
		expect(lines.filter((l) => /^npm run (build|lint)\b/.test(l))).toEqual([]);
		expect(lines.filter((l) => l === 'npm run release:dry-run')).toHaveLength(1);
		expect(pkg.scripts['release:dry-run']).toBe('node scripts/release-dry-run.mjs');
		const script = read('scripts/release-dry-run.mjs');
		expect(script).toContain("spawnSync('npm', ['run', 'release']");
		expect(script).toContain("GITHUB_ACTIONS: 'true', npm_config_dry_run: 'true'");
		const reuse = lines.indexOf('export APIDECK_REUSE_DIST=1');
		expect(reuse).toBe(lines.indexOf('npm run release:dry-run') + 1);
		for (const script of ['test:scan', 'test:e2e', 'test:ui', 'test:queue']) {
			expect([script, lines.indexOf(`npm run ${script}`) > reuse]).toEqual([script, true]);
			// run alone, the script still builds (scripts/build-once.mjs), and never by itself again in CI
			expect([script, pkg.scripts[script].startsWith('node scripts/build-once.mjs && ')]).toEqual([script, true]);
			expect([script, pkg.scripts[script].includes('npm run build')]).toEqual([script, false]);
		}
	});

	it('runs the README\'s test command', () => {
		expect(lines).toContain('npm test');
	});
});
