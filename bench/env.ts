/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Must be the first import of the bench: n8n-core reads these when it loads.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes its config under the user folder; keep it out of $HOME.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-apideck-bench-'));
// The engine would log every node error (and each retried 429) to stdout otherwise.
process.env.N8N_LOG_LEVEL ??= 'silent';
