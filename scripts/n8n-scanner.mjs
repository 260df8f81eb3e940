// n8n's community-package scanner (@n8n/scan-community-package, a devDependency), loaded for
// `npm run test:scan`: its ESLint configuration (scripts/strict-lint.mjs) and its analysis (scan.mjs).
import { createRequire } from 'node:module';

const scannerPath = createRequire(import.meta.url).resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scanner = await import(scannerPath);
// Importing the scanner creates a temp dir for by-name scans (which we never run): remove it on exit.
const scannerRequire = createRequire(scannerPath);
scannerRequire('tmp').setGracefulCleanup();
/** The glob library the scanner selects files with. */
export const glob = scannerRequire('fast-glob');

export const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = scanner;
