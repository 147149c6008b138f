export { leadOfferStatsSql } from './lead-offer.stats-sql';
