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
export { searchServices } from './services';
export { searchStages } from './stages';
