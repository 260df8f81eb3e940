#!/usr/bin/env node
// Puts Apideck's official OpenAPI specs where the tests read them (../shared/apideck/, beside the
// checkout), for machines that don't have them, such as GitHub's runners. Each file is fetched from
// Apideck's spec repository by its git blob hash (scripts/apideck-specs.json), so what the tests read is
// byte for byte the version they were written against; a file already present is checked the same way.
//
//   node scripts/fetch-apideck-specs.mjs [--dir ../shared/apideck]     (APIDECK_SPECS_REPO: another clone URL)

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'apideck-specs.json'), 'utf8'));
const dirArg = process.argv.indexOf('--dir');
const dir = path.resolve(root, dirArg > 0 ? process.argv[dirArg + 1] : '../shared/apideck');

const blobOf = (file) => execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();

fs.mkdirSync(dir, { recursive: true });
const missing = Object.entries(config.files).filter(([name, spec]) => {
	const file = path.join(dir, name);
	if (!fs.existsSync(file)) return true;
	if (blobOf(file) === spec.blob) {
		console.log(`ok   ${name} (${spec.version}) already in ${dir}`);
		return false;
	}
	throw new Error(`${file} is not the ${spec.version} spec the tests expect (blob ${blobOf(file)}, expected ${spec.blob})`);
});
if (missing.length) {
	const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'apideck-specs-'));
	// a blobless clone: file contents are fetched on demand, only the four needed
	execFileSync('git', ['clone', '--quiet', '--filter=blob:none', '--no-checkout', process.env.APIDECK_SPECS_REPO ?? config.repository, clone], { stdio: 'inherit' });
	for (const [name, spec] of missing) {
		const content = execFileSync('git', ['-C', clone, 'cat-file', 'blob', spec.blob]);
		fs.writeFileSync(path.join(dir, name), content);
		if (blobOf(path.join(dir, name)) !== spec.blob) throw new Error(`${name}: fetched content does not match blob ${spec.blob}`);
		console.log(`got  ${name} (${spec.version}, ${spec.path} at blob ${spec.blob.slice(0, 12)})`);
	}
	fs.rmSync(clone, { recursive: true, force: true });
}
