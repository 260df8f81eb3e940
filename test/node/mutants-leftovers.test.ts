// Two details a user can see that no other test pins: how long the node waits before sending a failed
// request again (the random part of the back-off), and an error item for an Apideck error without a
// detail (it has no `detail` key, rather than `detail: null`). Written against mutants StrykerJS found
// surviving in shared/transport.ts and shared/errors.ts (see CONTRIBUTING.md, "Mutation testing").
import type { INode } from 'n8n-workflow';

import { apideckApiError, errorItemJson } from '../../nodes/shared/transport/errors';
import { backoffDelay, DEFAULT_RETRY } from '../../nodes/shared/transport/transport';

const node: INode = { id: 'n1', name: 'Apideck CRM', type: 'apideckCrm', typeVersion: 1, position: [0, 0], parameters: {} };

afterEach(() => {
	jest.restoreAllMocks();
});

describe('the wait before a retry is a random point between half the step and the whole step', () => {
	test.each([
		[0, 1, 250],
		[1, 1, 500],
		[0.5, 3, 1500],
		[1, 3, 2000],
		[1, 20, 60_000],
	])('random %p, attempt %p: %p ms', (random, attempt, expected) => {
		jest.spyOn(Math, 'random').mockReturnValue(random);
		expect(backoffDelay(attempt, DEFAULT_RETRY)).toBe(expected);
	});
});

describe('an error item for an Apideck error', () => {
	test('without a detail: no "detail" key at all', () => {
		const error = apideckApiError(node, 404, { status_code: 404, type_name: 'EntityNotFoundError', message: 'Unknown company' });
		expect(errorItemJson(error, [])).toStrictEqual({
			error: 'EntityNotFoundError: Unknown company',
			details: {
				httpCode: '404',
				type: 'EntityNotFoundError',
				message: 'Unknown company',
				description: 'Check the ID, and that the record belongs to the selected consumer and service.',
			},
		});
	});

	test('with a detail: the detail as Apideck sent it', () => {
		const detail = { missing: [{ name: 'required' }] };
		const error = apideckApiError(node, 422, { type_name: 'RequestValidationError', message: 'Invalid request', detail });
		expect(errorItemJson(error, []).details).toStrictEqual({
			httpCode: '422',
			type: 'RequestValidationError',
			message: 'Invalid request',
			detail,
			description: JSON.stringify(detail),
		});
	});
});
