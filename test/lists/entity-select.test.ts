import type { DataSource } from 'typeorm';
import { SCOPED_SQL } from '@sales-graph/shared/access/scope';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { selectEntities } from '@sales-graph/shared/db/entity-select';
import { serviceTest, type CustomersContext, type ServiceTest } from '../support/service';
import { Customer } from '../../subgraphs/customers/src/customers/customer.entity';

/**
 * The plain-SQL reads behind every loader and relation page (`selectEntities`) take the caller's
 * row scope as an argument and apply it themselves, so the scope mark their statement starts with
 * is never sent without the condition; soft-deleted rows stay out, rows hydrate as entities.
 */
let crm: ServiceTest<CustomersContext>;
let ds: DataSource;
let ids: string[];

beforeAll(async () => {
  crm = await serviceTest('customers');
  ds = crm.dataSource;
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO crm.customers (name, lifecycle_stage, deleted_at)
     VALUES ('Alpha', 'PROSPECT', NULL), ('Beta', 'PROSPECT', NULL), ('Gone', 'PROSPECT', now()) RETURNING id`,
  );
  ids = rows.map((row) => row.id);
});
afterAll(() => crm?.stop());

const names = (rows: Customer[]) => rows.map((row) => row.name).sort();

test('no scope (a caller that reads every row): every live row, hydrated as the entity', async () => {
  const rows = await selectEntities(ds.getRepository(Customer), null, {
    where: 'e.id = ANY(:ids)',
    params: { ids },
  });
  expect(names(rows)).toEqual(['Alpha', 'Beta']);
  expect(rows.every((row) => row instanceof Customer && row.createdAt instanceof Date)).toBe(true);
});

test('a scope condition is applied to the rows, whatever the caller put in its own conditions', async () => {
  const rows = await selectEntities(
    ds.getRepository(Customer),
    { columns: ['id'], values: [ids[1]] },
    { where: 'e.id = ANY(:ids)', params: { ids } },
  );
  expect(names(rows)).toEqual(['Beta']);
  const none = await selectEntities(
    ds.getRepository(Customer),
    { columns: ['id'], values: [] },
    { where: 'true' },
  );
  expect(none).toEqual([]);
});

test('the statement starts with the scope mark and carries the condition', async () => {
  const counter = statementCounter(ds);
  counter.record();
  await selectEntities(ds.getRepository(Customer), { columns: ['id'], values: [ids[0]] }, { where: 'true' });
  expect(counter.statements).toHaveLength(1);
  expect(counter.statements[0].startsWith(SCOPED_SQL)).toBe(true);
  expect(counter.statements[0]).toMatch(/e\.id = ANY\(/);
});
