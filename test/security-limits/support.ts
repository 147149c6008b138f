/** Kept for imports written before `test/support/headline.ts`: import from `test/support` instead. */
export { codes, must } from '../support/assertions';
export { expectFullHeadline, HEADLINE, seedHeadlineCustomer, type HeadlineData } from '../support/headline';
