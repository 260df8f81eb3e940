import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { customObject } from '../../shared/resources/customObject';
import { locatorValue } from '../../shared/transport/paths';
import { fetchSchemaFields, mapperField } from '../../shared/requests/customObjects';
import { parameterNames } from '../../shared/definitions/resource';
import { currentService } from '../../shared/listSearch/records';

function current(ctx: ILoadOptionsFunctions, name: string): string {
	try {
		return String(locatorValue(ctx.getCurrentNodeParameter(name)) ?? '').trim();
	} catch {
		return '';
	}
}

/** The chosen custom object's fields with their types, for the resource mapper of Create and Update. */
export async function getCustomObjectFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const schemaId = current(this, parameterNames(customObject).scope);
	if (!schemaId) return { fields: [], emptyFieldsNotice: 'Choose an object first: its fields are loaded from its schema.' };
	const operation = current(this, 'operation') || 'create';
	const fields = await fetchSchemaFields(this, schemaId, currentService(this));
	return {
		fields: fields.map((f) => mapperField(f, operation)),
		emptyFieldsNotice: 'This object has no fields yet: add some with Custom Object Schema → Update.',
	};
}
