import type { INodeProperties } from 'n8n-workflow';

import { pickerProperty } from './parameters';

/**
 * A picker of the consumer's CRM connections in Apideck Vault (listSearch `searchServices`), "From List" or
 * "By ID". The action node sends the choice as x-apideck-service-id; the trigger filters events by it.
 */
export function servicePicker(
	base: Pick<INodeProperties, 'displayName' | 'name' | 'description'>,
	idPlaceholder?: string,
): INodeProperties {
	return pickerProperty('service', base, idPlaceholder);
}

/** Node-level choice of the consumer's CRM connection, sent as x-apideck-service-id. */
export const serviceProperty: INodeProperties = servicePicker({
	displayName: 'Service',
	name: 'service',
	description: "Which of the consumer's CRM connections to use. Leave empty when the consumer has only one.",
});

/**
 * The service IDs a Service value names, lower-cased: a picker value ({ __rl, mode, value }) or, as the
 * trigger stored it before it had the picker, a plain string; "By ID" may list several, separated by commas.
 */
export function serviceIds(value: unknown): string[] {
	const raw = value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
	if (typeof raw !== 'string') return [];
	return raw
		.split(',')
		.map((s) => s.trim().toLowerCase())
		.filter(Boolean);
}
