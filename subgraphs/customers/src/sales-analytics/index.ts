export {
  mergeSalesParts,
  salesAnalytics,
  salesParts,
  MAX_SALES_DIMENSIONS,
  MAX_SALES_ROWS,
} from './sales-analytics.service';
export { SalesDimension, SalesDateField, SalesTimeUnit } from './sales-analytics.types';
export { SalesAnalyticsRow } from './sales-analytics.types';
export type { SalesPart } from './sales-analytics.rules';
