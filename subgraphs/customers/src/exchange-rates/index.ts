export { AppliedRate, CORPORATE_CURRENCY, ExchangeRate } from './exchange-rate.entity';
export { ConvertInput } from './exchange-rate.input';
export { converter, ratesOn, type Converter, type RateOn } from './exchange-rate.service';
