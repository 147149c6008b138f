import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmExchangeRates1764233500000 } from './1764233500000-CrmExchangeRates';
import { ExchangeRate } from './exchange-rate.entity';
import { ExchangeRateResolver } from './exchange-rate.resolver';
import { seedExchangeRates } from './exchange-rates.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    ExchangeRate: true;
    // The rates of (currency, date) pairs for the PRM's conversions (SERVICE only).
    ExchangeRateLookup: true;
  }
}

/**
 * The one owner of exchange rates (README "Money across currencies"): the corporate currency,
 * dated rates an ADMIN enters or imports, and the converter every money aggregate uses.
 * Rates are reference data, not partner data: everyone may read them, only ADMIN writes.
 */
export default defineModule({
  name: 'exchange-rates',
  entities: [ExchangeRate],
  migrations: [CrmExchangeRates1764233500000],
  resolvers: [ExchangeRateResolver],
  permissions: {
    ExchangeRate: {
      ADMIN: ALL,
      ANALYST: READ,
      SALES: READ,
      MARKETING: READ,
      CHANNEL_MANAGER: READ,
      PARTNER: READ,
    },
    ExchangeRateLookup: { SERVICE: READ },
  },
  seeds: [{ order: 95, after: ['baseline'], run: seedExchangeRates }],
});
