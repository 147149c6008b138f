export { registrationsSubmittedSql } from './registration.stats-sql';
