import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { opportunity } from '../resources/opportunity';
import { parameterNames } from '../definitions/resource';
import { locatorValue, pathSegment } from '../transport/paths';
import { apideckRequest } from '../transport/transport';
import { currentService } from './records';

/**
 * The pipeline chosen next to the stage, if any: in the opportunity's Additional Fields, or its Update
 * Fields (the same parameter on node version 1, its own from 1.1).
 */
function chosenPipeline(ctx: ILoadOptionsFunctions): string {
	const names = parameterNames(opportunity);
	for (const path of [`${names.fields}.pipelineId`, `${names.updateFields}.pipelineId`]) {
		try {
			const value = String(locatorValue(ctx.getCurrentNodeParameter(path)) ?? '').trim();
			if (value) return value;
		} catch {
			// the parameter is not shown for this operation
		}
	}
	return '';
}

/** Stages of the chosen pipeline; without one, the stages of every pipeline, labelled with it. */
export async function searchStages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const serviceId = currentService(this);
	const pipelineId = chosenPipeline(this);
	let pipelines: IDataObject[];
	if (pipelineId) {
		const url = `/crm/pipelines/${pathSegment(this, 'Pipeline', pipelineId, 'Pick the pipeline again, or enter its ID.')}`;
		const response = await apideckRequest(this, { method: 'GET', url, serviceId });
		pipelines = [response.data as IDataObject];
	} else {
		const response = await apideckRequest(this, { method: 'GET', url: '/crm/pipelines', qs: { limit: 200 }, serviceId });
		pipelines = (response.data as IDataObject[]) ?? [];
	}
	let results: INodeListSearchItems[] = [];
	for (const pipeline of pipelines) {
		for (const stage of (pipeline.stages as IDataObject[] | undefined) ?? []) {
			const name = String(stage.name ?? stage.value ?? stage.id);
			results.push({ name: pipelineId ? name : `${String(pipeline.name)} → ${name}`, value: String(stage.id) });
		}
	}
	if (filter) results = results.filter((r) => r.name.toLowerCase().includes(filter.toLowerCase()));
	return { results };
}
