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
export { searchServices } from './services';
export { searchStages } from './stages';
