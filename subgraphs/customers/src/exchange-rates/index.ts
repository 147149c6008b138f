export type { Converter, RateOn } from '@sales-graph/shared/graphql/convert';
export { AppliedRate, CORPORATE_CURRENCY, ExchangeRate } from './exchange-rate.entity';
export { ConvertInput } from './exchange-rate.input';
export { converter, converterOn, ratesLoader } from './exchange-rate.service';
