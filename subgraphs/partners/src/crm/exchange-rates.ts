import { ServiceUnavailableError } from '@sales-graph/shared/errors';
import {
  loadConverter,
  MAX_RATE_PAIRS,
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
    const crm = ctx.crm.exchangeRates;
    // Within the CRM's limit per call: a request asking more pairs makes more calls, never a refusal.
    const chunks: (typeof keys)[] = [];
    for (let i = 0; i < keys.length; i += MAX_RATE_PAIRS) chunks.push(keys.slice(i, i + MAX_RATE_PAIRS));
    const answer = (await Promise.all(chunks.map((chunk) => crm(chunk.map(parseRateKey))))).flat();
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
