import type { DataSource } from 'typeorm';
import { useSeededCrm } from './seeded-crm';

/**
 * The demo catalogue and deal line items: products in three families priced in EUR, USD and GBP
 * (a standard book each, a strategic book partners never see, an inactive product), and open
 * deals priced from it whose amount is exactly the sum of their lines.
 */
const seeded = useSeededCrm('products_seed');
let crm: DataSource;
beforeAll(() => {
  crm = seeded.crm();
});

test('a catalogue in three currencies, deals with line items whose amount is their sum', async () => {
  const [facts] = await crm.query(`SELECT
    (SELECT count(*) FROM crm.products WHERE active)::int AS active_products,
    (SELECT count(*) FROM crm.products WHERE NOT active)::int AS inactive_products,
    (SELECT count(DISTINCT family) FROM crm.products)::int AS families,
    (SELECT array_agg(currency ORDER BY currency) FROM crm.price_books WHERE is_standard) AS standard_currencies,
    (SELECT count(*) FROM crm.price_books WHERE NOT is_standard)::int AS other_books,
    (SELECT count(DISTINCT deal_id) FROM crm.deal_line_items WHERE deleted_at IS NULL)::int AS priced_deals,
    (SELECT count(*) FROM crm.deal_line_items WHERE deleted_at IS NULL)::int AS lines,
    (SELECT count(*) FROM crm.deals d WHERE EXISTS (SELECT 1 FROM crm.deal_line_items l WHERE l.deal_id = d.id)
       AND d.amount <> (SELECT sum(l.total) FROM crm.deal_line_items l WHERE l.deal_id = d.id AND l.deleted_at IS NULL))::int
       AS wrong_amounts,
    (SELECT count(*) FROM crm.deal_line_items l JOIN crm.deals d ON d.id = l.deal_id
       WHERE d.stage IN ('CLOSED_WON', 'CLOSED_LOST') OR d.external_ref IS NOT NULL)::int AS closed_or_partner_lines`);
  expect(facts).toMatchObject({
    inactive_products: 1,
    families: 3,
    standard_currencies: ['EUR', 'GBP', 'USD'],
    other_books: 1,
    wrong_amounts: 0,
    closed_or_partner_lines: 0,
  });
  expect(facts.active_products).toBeGreaterThanOrEqual(5);
  expect(facts.priced_deals).toBeGreaterThan(10);
  expect(facts.lines).toBeGreaterThan(facts.priced_deals);
});
