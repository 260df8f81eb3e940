// Prints the per-file table of a Stryker run for docs/mutation-report.md, from reports/mutation/mutation.json:
//   node scripts/mutation-scores.mjs [--survivors] [--report <mutation.json>]
// --survivors also lists every surviving or uncovered mutant with the source line it changes.
// Score = detected (killed + timed out) / (detected + undetected (survived + no coverage)), as Stryker
// computes it; compile and runtime errors (invalid mutants) and ignored ones are not counted.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reportArg = process.argv.indexOf('--report');
const reportFile = reportArg > 0 ? path.resolve(process.argv[reportArg + 1]) : path.join(root, 'reports/mutation/mutation.json');
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const showSurvivors = process.argv.includes('--survivors');

const rows = [];
const total = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0, runtimeError: 0, ignored: 0 };
const key = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage', CompileError: 'compileError', RuntimeError: 'runtimeError', Ignored: 'ignored' };
const survivors = [];
for (const [file, { mutants, source }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
	const lines = String(source ?? '').split('\n');
	const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0, runtimeError: 0, ignored: 0 };
	for (const m of mutants) {
		const k = key[m.status];
		if (!k) continue;
		c[k]++;
		total[k]++;
		if (m.status === 'Survived' || m.status === 'NoCoverage') {
			// the mutated line as it reads in the source, to judge the mutant without opening the report
			const original = (lines[m.location.start.line - 1] ?? '').trim().slice(0, 140);
			survivors.push(`${file}:${m.location.start.line} ${m.mutatorName} ${m.status}: ${JSON.stringify(m.replacement ?? '')}\n    in: ${original}`);
		}
	}
	rows.push([file, c]);
}
const score = (c) => {
	const detected = c.killed + c.timeout;
	const valid = detected + c.survived + c.noCoverage;
	return valid ? ((detected / valid) * 100).toFixed(1) : '–';
};
const line = (name, c) =>
	`| ${name} | ${score(c)} % | ${c.killed} | ${c.timeout} | ${c.runtimeError} | ${c.survived} | ${c.noCoverage} | ${c.compileError} | ${c.ignored} |`;
console.log('| File | Score | Killed | Timed out | Runtime error | Survived | No coverage | Compile error | Ignored (static) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [file, c] of rows) console.log(line(`\`${file}\``, c));
console.log(line('**All**', total));
if (showSurvivors) {
	console.log('');
	for (const s of survivors) console.log(s);
}
