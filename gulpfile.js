const { src, dest } = require('gulp');

// Copies everything tsc does not emit (icons, codex JSON) into dist/.
function copyAssets() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = copyAssets;
exports.default = copyAssets;
