import type { EntityManager } from 'typeorm';
import { ExchangeRate } from './exchange-rate.entity';

/** Monthly demo rates (USD per unit) from January 2024 to November 2026, deterministic. */
const BASE: Record<string, { start: number; step: number }> = {
  EUR: { start: 1.08, step: 0.0025 },
  GBP: { start: 1.26, step: -0.0015 },
  AUD: { start: 0.66, step: 0.001 },
};

/** The demo's exchange rates: EUR, GBP and AUD (the demo's currencies besides USD), one per month. */
export async function seedExchangeRates(manager: EntityManager): Promise<void> {
  const rows: Partial<ExchangeRate>[] = [];
  for (const [currency, { start, step }] of Object.entries(BASE)) {
    for (let month = 0; month < 35; month += 1) {
      const year = 2024 + Math.floor(month / 12);
      const effectiveDate = `${year}-${String((month % 12) + 1).padStart(2, '0')}-01`;
      // Whole ten-thousandths, built as an integer so the stored rate is exact.
      const tenThousandths =
        Math.round(start * 10_000) + Math.round(step * 10_000) * (month % 12) - (month >= 12 ? 20 : 0);
      const rate = `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;
      rows.push({ currency, rateToCorporate: rate, effectiveDate, source: 'demo', createdBy: 'seed' });
    }
  }
  await manager.insert(ExchangeRate, rows);
}
