import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { ROLES, signUserToken } from '@sales-graph/shared/auth/identity';
import { assertConfig, ConfigError, databaseUrlFor, ports } from '@sales-graph/shared/config';
import { shutDownOnSignals } from '@sales-graph/shared/shutdown';
import { startGateway } from '../gateway/src';
import { listen as listenCustomers } from '../subgraphs/customers/src';
import { listen as listenPartners } from '../subgraphs/partners/src';
import { httpCrmClient } from '../subgraphs/partners/src/crm/crm.client';
import { httpPrmClient } from '../subgraphs/customers/src/access/prm.client';
import { migrateAll, openDatabases, seedAll } from './environment';

/**
 * The embedded databases' PostgreSQL (PGlite's 9 MB of WASM) runs as V8's baseline code
 * (Liftoff) only, without the optimising tier-up in background threads: `npm start` idled at
 * 300 MB resident instead of 340-357 MB, and the demo's headline query answered in the same
 * time (p50 16.7 ms against 19.3 ms). Set before the first database compiles its module; tests,
 * which run far more statements per process, compile it fully instead (`test/support/runner-setup.ts`).
 */
function keepWasmBaseline(): void {
  setFlagsFromString('--liftoff-only');
}

/** `npm start`: the whole graph in one process — databases, migrations, demo data, subgraphs, gateway. */
async function main() {
  const started = Date.now();
  assertConfig('all');
  if (!databaseUrlFor('customers') || !databaseUrlFor('partners')) keepWasmBaseline();
  const db = await openDatabases();
  await migrateAll(db);
  const seeded = await seedAll(db);
  const port = ports();
  // Each subgraph reaches the other (as the SERVICE identity); URLs are known once both listen.
  let partnersUrl = '';
  const customers = await listenCustomers(
    db.crm,
    port.customers,
    httpPrmClient(() => partnersUrl),
  );
  const partners = await listenPartners(
    db.prm,
    port.partners,
    httpCrmClient(() => customers.url),
  );
  partnersUrl = partners.url;
  const gateway = await startGateway({
    port: port.gateway,
    subgraphUrls: { customers: customers.url, partners: partners.url },
  });

  const [firstPartner] = await db.prm.query(
    `SELECT id, name FROM prm.partners WHERE status = 'ACTIVE' ORDER BY created_at, id LIMIT 1`,
  );
  // The partner token stands for that partner's (first) active admin user: its sub is the user's id.
  const [partnerAdmin] = firstPartner
    ? await db.prm.query(
        `SELECT id, email FROM prm.partner_users
         WHERE partner_id = $1 AND role = 'ADMIN' AND status = 'ACTIVE' AND deleted_at IS NULL
         ORDER BY created_at, id LIMIT 1`,
        [firstPartner.id],
      )
    : [];
  // The customer to try first: most deals, some partner-sourced and some direct. (An operator
  // script may read both databases; the subgraphs never do.)
  const sourced = (
    await db.prm.query(`SELECT deal_id FROM prm.deal_attributions WHERE deleted_at IS NULL`)
  ).map((row: { deal_id: string }) => row.deal_id);
  const [someCustomer] = await db.crm.query(
    `SELECT c.id, c.name FROM crm.customers c JOIN crm.deals d ON d.customer_id = c.id
     GROUP BY c.id, c.name
     HAVING count(*) FILTER (WHERE d.id = ANY($1::uuid[])) > 0 AND count(*) FILTER (WHERE d.id <> ALL($1::uuid[])) > 0
     ORDER BY count(*) DESC, c.id LIMIT 1`,
    [sourced],
  );
  // One token per internal role (every role but PARTNER, which needs a real partner user).
  const internalTokens = Object.fromEntries(
    await Promise.all(
      ROLES.filter((role) => role !== 'PARTNER').map(
        async (role) => [role, await signUserToken({ sub: `demo:${role.toLowerCase()}`, role })] as const,
      ),
    ),
  );
  const tokens = {
    ...internalTokens,
    ...(firstPartner && partnerAdmin
      ? {
          [`PARTNER (${firstPartner.name}, admin ${partnerAdmin.email})`]: await signUserToken({
            sub: partnerAdmin.id,
            role: 'PARTNER',
            partnerId: firstPartner.id,
          }),
        }
      : {}),
  };
  console.log(`
Sales graph is up in ${((Date.now() - started) / 1000).toFixed(1)}s${db.embedded ? ' (embedded PostgreSQL under .data/)' : ''}.
Demo data: CRM ${seeded.crm ? 'loaded now' : 'already there'}, PRM ${seeded.prm ? 'loaded now' : 'already there'}.

  Gateway + playground  ${gateway.url}
  customers subgraph    ${customers.url}
  partners subgraph     ${partners.url}

Demo tokens for every role, signed with this process's JWT_SECRET (send as "Authorization: Bearer <token>",
or paste into the playground at ${gateway.url}):
${Object.entries(tokens)
  .map(([role, token]) => `  ${role}:\n    ${token}`)
  .join('\n')}
${someCustomer ? `\nTry the headline query for customer ${someCustomer.name} (id ${someCustomer.id}).` : ''}
`);

  // The gateway drains first: its requests in flight still reach subgraphs that serve.
  shutDownOnSignals({
    service: 'sales-graph',
    servers: [gateway, partners, customers],
    after: () => db.close(),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
