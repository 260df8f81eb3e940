const { src, dest } = require('gulp');

// Copies what tsc does not emit into dist/, as `n8n-node build` does (its copyStaticFiles: every *.png and
// *.svg, and JSON under __schema__/), here from the package's own folders only. The codex files
// (nodes/**/*.node.json) come from tsc: tsconfig.build.json includes nodes/**/*.json, as the starter's
// tsconfig does. scripts/build-parity.mjs (npm run test:scan) checks the result against `n8n-node build`.
function copyAssets() {
	return src(['{icons,nodes,credentials}/**/*.{png,svg}', '{nodes,credentials}/**/__schema__/**/*.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = copyAssets;
exports.default = copyAssets;
