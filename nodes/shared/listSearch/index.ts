export {
	searchActivities,
	searchCompanies,
	searchContacts,
	searchLeads,
	searchNotes,
	searchOpportunities,
	searchPipelines,
	searchUsers,
} from './records';
export { searchCustomObjects, searchCustomObjectSchemas, searchLists } from './current';
export { searchCustomFields } from './customFields';
export { searchServices } from './services';
export { searchStages } from './stages';
