export { CRM_DEAL } from './scope';
