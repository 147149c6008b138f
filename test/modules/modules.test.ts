import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuditEntry } from '@sales-graph/shared/audit/audit.entity';
import { PERMISSIONS, revokePermissions, subjectOwner } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { createDataSource, migrate } from '@sales-graph/shared/db/datasource';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { registerModules, type ModuleManifest } from '@sales-graph/shared/module';
import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { CRM_MODULES } from '../../subgraphs/customers/src/modules';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';
import { PRM_MODULES } from '../../subgraphs/partners/src/modules';
import { createTestDatabase, type TestDatabase } from '../support/database';
import widgets from './fixture/widgets/module';

/**
 * "A module registers itself once": a module is its folder (with `module.ts`) and one entry in
 * its subgraph's `src/modules.ts`, from which the data source, schema, seed, row scope and
 * permission table are derived.
 */
const SUBGRAPHS = [
  { name: 'customers', modules: CRM_MODULES, dataSource: createCustomersDataSource },
  { name: 'partners', modules: PRM_MODULES, dataSource: createPartnersDataSource },
] as const;
/** The files that assemble a subgraph from its list; nothing else may import it. */
const ASSEMBLY = ['datasource.ts', 'schema.ts', 'seed/index.ts', 'seed/scale.seed.ts', 'access/scope.ts'];

const srcOf = (subgraph: string) => resolve(__dirname, '../../subgraphs', subgraph, 'src');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}
const manifestFiles = (src: string) =>
  sources(src).filter((path) => /(^|\/)module\.ts$|\.module\.ts$/.test(relative(src, path)));

describe.each(SUBGRAPHS)('$name', ({ name, modules, dataSource }) => {
  const src = srcOf(name);

  test('every manifest in the subgraph is in its module list, once', () => {
    const files = manifestFiles(src);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const manifest = jest.requireActual<{ default: ModuleManifest<never> }>(file).default;
      expect({ file: relative(src, file), listed: modules.modules.includes(manifest) }).toEqual({
        file: relative(src, file),
        listed: true,
      });
    }
    expect(modules.modules).toHaveLength(files.length);
  });

  test('only the assembly points import the module list', () => {
    const list = join(src, 'modules');
    const importers = sources(src).filter((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)].some(
        ([, specifier]) => resolve(dirname(file), specifier) === list,
      ),
    );
    expect(importers.map((file) => relative(src, file)).sort()).toEqual([...ASSEMBLY].sort());
  });

  test('its data source holds exactly its manifests’ entities and migrations', () => {
    const options = dataSource('postgres://unused@127.0.0.1:1/none').options;
    expect(options.entities).toEqual([...modules.entities, AuditEntry]);
    expect(options.migrations).toEqual(modules.migrations);
  });

  test('every subject its manifests grant is owned by the manifest that grants it', () => {
    for (const manifest of modules.modules) {
      for (const subject of Object.keys(manifest.permissions ?? {})) {
        expect({ subject, owner: subjectOwner(subject as never) }).toEqual({
          subject,
          owner: `${name}/${manifest.name}`,
        });
      }
    }
  });
});

describe('a new module: its folder and one line', () => {
  // The fixture's `modules.ts`: the one line is `widgets`.
  const FIXTURE = registerModules('fixture', [widgets]);
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('modules');
    ds = createDataSource({
      url: db.url,
      poolMax: db.poolMax,
      schema: 'fixture',
      entities: FIXTURE.entities,
      migrations: FIXTURE.migrations,
    });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    // The fixture's grants leave the process's table: the worker's next test file sees the real one.
    revokePermissions('fixture/widgets');
  });

  test('its migration runs and its table exists', async () => {
    await migrate(ds);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'fixture' AND table_name = 'widgets'`,
    );
    expect(n).toBe(1);
  });

  test('its seed runs in the seed order', async () => {
    await ds.transaction(async (manager) => {
      const rng = new DemoRandom(1);
      for (const step of FIXTURE.seeds) await step.run(manager, rng, undefined);
    });
    expect(await ds.query(`SELECT count(*)::int AS n FROM fixture.widgets`)).toEqual([{ n: 1 }]);
  });

  test('its resolver is in the schema, behind its own permission grants', async () => {
    const schema = await buildFederatedSchema({ resolvers: FIXTURE.resolvers }, FIXTURE.references);
    const run = (role: 'ADMIN' | 'SALES') =>
      graphql({
        schema,
        source: '{ widgets { name } }',
        contextValue: { identity: { sub: 'u', role }, dataSource: ds } as unknown as RequestContext,
      });
    expect((await run('ADMIN')).data).toEqual({ widgets: [{ name: expect.stringMatching(/^Widget \d$/) }] });
    expect((await run('SALES')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(PERMISSIONS.ANALYST.Widget).toEqual(['read']);
    expect(subjectOwner('Widget')).toBe('fixture/widgets');
  });

  test('its partner-visible table is in the row scope', () => {
    expect(FIXTURE.scope.entityNames()).toEqual(['Widget']);
  });

  test('a manifest that claims what another has is refused', () => {
    expect(() => registerModules('fixture-again', [widgets])).toThrow(/Widget is granted by both/);
    expect(() => registerModules('fixture', [widgets, { ...widgets }])).toThrow(
      /module listed twice: widgets/,
    );
    expect(() =>
      registerModules('other', [
        { name: 'early', seeds: [{ order: 5, after: ['late'], run: async () => {} }] },
        { name: 'late', seeds: [{ order: 9, run: async () => {} }] },
      ]),
    ).toThrow(/must come after every seed step of late/);
  });
});
