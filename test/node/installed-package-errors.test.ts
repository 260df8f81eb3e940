/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// An installed community package brings its own copy of n8n-workflow (npm installs the peer dependency
// into ~/.n8n/nodes), so the package's NodeApiError is not the class n8n's engine checks with
// `instanceof`. Here the node is loaded with a separate n8n-workflow, as in a real n8n, and the run's
// stored error (On Error = Stop) must still carry Apideck's HTTP status, as the error-output item does.
import type { INodeType } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
import { byId, useSandbox } from '../helpers/node';

const ctx = useSandbox();

let installed: INodeType;
jest.isolateModules(() => {
	const { ApideckCrm } = require('../../nodes/ApideckCrm/ApideckCrm.node');
	installed = new ApideckCrm();
});

const errorOutputTakesDetails = Number(require('n8n-core/package.json').version.split('.')[0]) >= 2;

const getContact = { resource: 'contact', operation: 'get', contactId: byId('no-such-contact') };

test('the node under test has its own n8n-workflow, as an installed package does', () => {
	let ownNodeApiError: unknown;
	jest.isolateModules(() => {
		ownNodeApiError = require('n8n-workflow').NodeApiError;
	});
	expect(ownNodeApiError).not.toBe(NodeApiError);
});

test('On Error = Stop: a 404 is stored with httpCode "404", as the error-output item says', async () => {
	const stopped = await runNode({ nodeType: installed, parameters: getContact, credentials: ctx.credentials as any });
	// the error n8n stores with the run and with the node's run data
	const stored = JSON.parse(JSON.stringify(stopped.run.data.resultData.error));
	expect(stored.httpCode).toBe('404');
	expect(stored.message).toMatch(/^EntityNotFoundError: /);
	expect(JSON.parse(JSON.stringify(stopped.run.data.resultData.runData['Apideck CRM'][0].error)).httpCode).toBe('404');

	// n8n 1.x's error output takes only { error } items (test:compat runs this file on 1.x): there, the
	// regular output's error item
	const continued = errorOutputTakesDetails
		? (await runNode({ nodeType: installed, parameters: getContact, credentials: ctx.credentials as any, onError: 'continueErrorOutput' })).errorOutput
		: (await runNode({ nodeType: installed, parameters: getContact, credentials: ctx.credentials as any, onError: 'continueRegularOutput' })).raw;
	expect(continued[0].json.details).toMatchObject({ httpCode: '404' });
});

test('an error with no HTTP answer (refused connection) keeps httpCode "none"', async () => {
	const stopped = await runNode({
		nodeType: installed,
		parameters: getContact,
		credentials: { ...(ctx.credentials as any), baseUrl: 'http://127.0.0.1:9' },
	});
	expect(stopped.error.httpCode ?? 'none').toBe('none');
});
