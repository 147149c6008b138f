export { claimed } from './partner-scope';
