import 'reflect-metadata';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { databaseUrlFor } from '@sales-graph/shared/config';
import { migrate } from '@sales-graph/shared/db/datasource';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@sales-graph/shared/db/embedded';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';
import { applyAttributionChanges } from '../subgraphs/customers/src/partner-deals/partner-attributions';
import { backfillAttributionProjection } from '../subgraphs/partners/src/attribution/attribution-projection';
import { createCustomersDataSource } from '../subgraphs/customers/src';
import { seedCustomerOwnership } from '../subgraphs/customers/src/customers/ownership.seed';
import { ownershipForProspects } from '../subgraphs/customers/src/customers/ownership.service';
import { backfillEngagementFlags } from '../subgraphs/partners/src/registrations/engagement.seed';
import type { CrmOwnership, CrmProspect } from '../subgraphs/partners/src/crm';
import { seedCrm } from '../subgraphs/customers/src/seed';
import { createPartnersDataSource } from '../subgraphs/partners/src';
import { seedPrm, type CrmDemoIds } from '../subgraphs/partners/src/seed';
import { groupBy } from '@sales-graph/shared/group-by';

export interface Databases {
  crm: DataSource;
  prm: DataSource;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Each subgraph's database: the configured PostgreSQL, or else an embedded one per subgraph
 * (PGlite, data under .data/<subgraph> or EMBEDDED_DATA_DIR) served through a socket so the same `pg` path is used.
 * `statementTimeoutMs` overrides
 * DB_STATEMENT_TIMEOUT_MS: the seeds pass 0, since a bulk load's statements (the projection's
 * backfill rewriting deals by trigger) may take longer than a request's on a loaded machine.
 */
export async function openDatabases(options: { statementTimeoutMs?: number } = {}): Promise<Databases> {
  const embedded: EmbeddedPostgres[] = [];
  const open = async (name: 'customers' | 'partners') => {
    let url = databaseUrlFor(name);
    let poolMax: number | undefined;
    if (!url) {
      const dataRoot = process.env.EMBEDDED_DATA_DIR || join(PROJECT_ROOT, '.data');
      const server = await startEmbeddedPostgres({ dataDir: join(dataRoot, name) });
      embedded.push(server);
      url = server.url;
      poolMax = 1;
    }
    const create = name === 'customers' ? createCustomersDataSource : createPartnersDataSource;
    return create(url, poolMax, options.statementTimeoutMs).initialize();
  };
  const crm = await open('customers');
  const prm = await open('partners');
  return {
    crm,
    prm,
    embedded: embedded.length > 0,
    async close() {
      await crm.destroy();
      await prm.destroy();
      for (const server of embedded) await server.stop();
    },
  };
}

export async function migrateAll(db: Databases): Promise<void> {
  await migrate(db.crm);
  await migrate(db.prm);
}

/** Loads the demo data into whichever side is still empty; deterministic, so safe to re-run. */
export async function seedAll(db: Databases): Promise<{ crm: boolean; prm: boolean }> {
  const crm = await seedCrm(db.crm);
  const prm = await seedPrm(db.prm, await crmDemoIds(db.crm));
  // The CRM's projection of the attributions the seed wrote (idempotent: a re-run changes nothing).
  await backfillProjection(db.crm, db.prm);
  // The rules of engagement on the demo data: ownership from the deals, then the registrations' flags.
  if (crm) await seedCustomerOwnership(db.crm);
  if (prm) await backfillEngagementFlags(db.prm, (p) => crmOwnership(db.crm, p), { demoOverride: true });
  // Fresh statistics, so the planner picks the indexes from the first query on.
  if (crm) await db.crm.query('ANALYZE');
  if (prm) await db.prm.query('ANALYZE');
  return { crm, prm };
}

/**
 * Fills the CRM's attribution projection from the PRM's attributions (README "Partner
 * performance"), database to database: the operator's backfill, run by both seeds.
 */
export function backfillProjection(crmDb: DataSource, prmDb: DataSource) {
  // An operator's bulk run, like the seeds: no request timeout (a 2,000-row page also keeps the
  // partner sales rollup in its transaction, seconds on a loaded machine).
  return backfillAttributionProjection(prmDb, (changes) =>
    crmDb.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 0');
      return applyAttributionChanges(manager, changes);
    }),
  );
}

/** The CRM's ownership of the customers matching prospects, database to database (as the PRM asks the CRM). */
export async function crmOwnership(crmDb: DataSource, prospects: CrmProspect[]) {
  const rows = groupBy(await ownershipForProspects({ dataSource: crmDb }, prospects), (row) => row.ref);
  return new Map<string, CrmOwnership[]>(
    [...rows].map(([ref, owners]) => [ref, owners.map(({ ref: _ref, ...owner }) => owner)]),
  );
}

/** The CRM ids and deal facts the PRM demo data refers to. */
export async function crmDemoIds(crmDb: DataSource): Promise<CrmDemoIds> {
  // An operator tool may read both databases; the subgraphs themselves never do.
  const deals: { id: string; amount: string; currency: string; stage: string; closed_at: Date | null }[] =
    await crmDb.query(
      `SELECT id, amount::text AS amount, currency, stage, closed_at FROM crm.deals
        WHERE deleted_at IS NULL ORDER BY created_at, id`,
    );
  // Each deal's line items (their totals and products' families): demo payouts earn per family as statements do.
  const lines: { deal_id: string; total: string; family: string | null }[] = await crmDb.query(
    `SELECT l.deal_id, l.total::text AS total, p.family FROM crm.deal_line_items l
       LEFT JOIN crm.products p ON p.id = l.product_id AND p.deleted_at IS NULL
      WHERE l.deleted_at IS NULL ORDER BY l.deal_id, l.position, l.id`,
  );
  const linesOf = new Map(
    [...groupBy(lines, (line) => line.deal_id)].map(([dealId, ofDeal]) => [
      dealId,
      ofDeal.map((line) => ({ total: line.total, product: { family: line.family } })),
    ]),
  );
  return {
    dealIds: (await crmDb.query(`SELECT id FROM crm.deals ORDER BY created_at, id`)).map(
      (r: { id: string }) => r.id,
    ),
    leadIds: (await crmDb.query(`SELECT id FROM crm.leads ORDER BY created_at, id`)).map(
      (r: { id: string }) => r.id,
    ),
    customers: await crmDb.query(`SELECT id, name, domain FROM crm.customers ORDER BY created_at, id`),
    campaigns: await crmDb.query(
      `SELECT id, name FROM crm.campaigns WHERE status IN ('ACTIVE', 'COMPLETED') AND deleted_at IS NULL
        ORDER BY created_at, id`,
    ),
    productPrices:
      await crmDb.query(`SELECT p.id, p.sku, p.name, p.family, b.currency, e.unit_price::text AS "unitPrice"
      FROM crm.products p JOIN crm.price_book_entries e ON e.product_id = p.id AND e.deleted_at IS NULL
      JOIN crm.price_books b ON b.id = e.price_book_id AND b.is_standard AND b.active AND b.deleted_at IS NULL
      WHERE p.active AND p.deleted_at IS NULL ORDER BY p.sku, b.currency`),
    deals: deals.map((deal) => ({
      id: deal.id,
      amount: deal.amount,
      currency: deal.currency,
      stage: deal.stage,
      closedAt: deal.closed_at?.toISOString() ?? null,
      lineItems: linesOf.get(deal.id) ?? [],
    })),
  };
}
