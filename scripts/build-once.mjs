// The build step of test:scan, test:e2e, test:ui and test:queue: `npm run build`, unless .ci/run has
// already built dist/ for this checkout (it sets APIDECK_REUSE_DIST=1 after its own build step), so CI
// builds once while each script still builds when run alone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.APIDECK_REUSE_DIST === '1' && existsSync(path.join(root, 'dist', 'nodes'))) {
	console.log('build: reusing dist/ (APIDECK_REUSE_DIST=1, built earlier in this run)');
} else {
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
