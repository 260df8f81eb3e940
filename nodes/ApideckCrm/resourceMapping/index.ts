export { getCustomObjectFields } from './customObjects';
