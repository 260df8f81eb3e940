/**
 * The Apideck CRM node as n8n itself loads it: n8n's DirectoryLoader adds the standard "Request
 * Options" collection (Batching, Proxy, Timeout, ...) to every declarative node. The engine test
 * helper uses the bare class; the bench uses this so n8n's own Batching option can be measured too.
 */
import { DirectoryLoader } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';

export function loadedApideckCrm(): INodeType {
	const nodeType = new ApideckCrm();
	(DirectoryLoader as unknown as { applyDeclarativeNodeOptionParameters(t: INodeType): void }).applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}
