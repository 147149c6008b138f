import { ServiceUnavailableError } from '@sales-graph/shared/errors';
import {
  loadConverter,
  parseRateKey,
  type Converter,
  type RateOn,
  type RatesLoader,
} from '@sales-graph/shared/graphql/convert';
import type { PartnersContext } from '../context.type';

/**
 * The request's exchange rates by `rateKey(currency, date)`, from the CRM that owns them: every
 * pair the request's conversions ask in ONE call per batch (`exchangeRatesOn`, SERVICE only).
 */
export const crmRatesLoader = (ctx: PartnersContext): RatesLoader =>
  ctx.loaders.get<string, RateOn | null>('crm.exchangeRates', async (keys) => {
    if (!ctx.crm.exchangeRates) throw new ServiceUnavailableError('The CRM exchange rates cannot be reached');
    const answer = await ctx.crm.exchangeRates(keys.map(parseRateKey));
    return keys.map((key, i) => {
      const rate = answer[i];
      if (!rate || rate.rateToCorporate === null) return null;
      return {
        currency: parseRateKey(key).currency,
        rateToCorporate: rate.rateToCorporate,
        effectiveDate: rate.effectiveDate,
      };
    });
  });

/**
 * The converter of PRM money in `currencies` into `convert.currency` at the CRM's rates of
 * `convert.at` (README "Money across currencies"); BAD_USER_INPUT naming the currency and date
 * when a rate is missing.
 */
export const prmConverter = (
  ctx: PartnersContext,
  convert: { currency: string; at: string },
  currencies: Iterable<string>,
): Promise<Converter> => loadConverter(crmRatesLoader(ctx), convert, currencies);
