// Loads the benchmark's TypeScript (and the node, sandbox and test helpers it imports) without ts-node:
// each .ts file is transpiled on require with the project's own `typescript` (no type-check, like ts-jest
// with isolatedModules). Type-checking stays with `tsc -p tsconfig.tools.json`, which includes bench/.
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
	target: ts.ScriptTarget.ES2022,
	module: ts.ModuleKind.CommonJS,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
	inlineSourceMap: true,
	isolatedModules: true,
};

// `./ApideckCrm.node` must find ApideckCrm.node.ts, not the ApideckCrm.node.json beside it (node tries
// .js/.json/.node before a registered .ts): for relative requests from our own .ts files, .ts wins.
const Module = require('node:module');
const path = require('node:path');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTs(request, parent, ...rest) {
	if (parent && parent.filename && parent.filename.endsWith('.ts') && /^\.\.?\//.test(request)) {
		const candidate = path.resolve(path.dirname(parent.filename), `${request}.ts`);
		if (fs.existsSync(candidate)) return candidate;
	}
	return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function loadTs(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
