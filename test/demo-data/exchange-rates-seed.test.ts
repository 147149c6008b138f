import type { DataSource } from 'typeorm';
import { useSeededCrm } from './seeded-crm';
import { converterOn } from '../../subgraphs/customers/src/exchange-rates';

/** The demo's exchange rates: every demo currency besides USD has a rate for every demo deal's dates. */

const seeded = useSeededCrm('fx_seed');
let crm: DataSource;
beforeAll(() => {
  crm = seeded.crm();
});

it('has monthly rates for EUR, GBP and AUD, covering every demo deal from its creation', async () => {
  const [row] = await crm.query(`SELECT
    (SELECT count(*) FROM crm.exchange_rates)::int AS rates,
    (SELECT array_agg(DISTINCT currency ORDER BY currency) FROM crm.exchange_rates) AS currencies,
    (SELECT count(*) FROM crm.deals d WHERE d.currency <> 'USD' AND NOT EXISTS (
       SELECT 1 FROM crm.exchange_rates r
       WHERE r.currency = d.currency AND r.effective_date <= d.created_at::date))::int AS uncovered_deals,
    (SELECT count(*) FROM crm.deals WHERE currency <> 'USD')::int AS foreign_deals`);
  expect(row).toMatchObject({ rates: 105, currencies: ['AUD', 'EUR', 'GBP'], uncovered_deals: 0 });
  expect(row.foreign_deals).toBeGreaterThan(0);
  // The playground's first conversion works: the demo pipeline into USD and EUR at the demo's "now".
  for (const target of ['USD', 'EUR']) {
    const using = await converterOn(crm.manager, { currency: target, at: '2026-11-01' }, [
      'EUR',
      'GBP',
      'AUD',
      'USD',
    ]);
    expect(using.sum([{ amount: '100.00', currency: target }])).toBe('100.00');
  }
});
