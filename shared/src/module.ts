import type { BuildSchemaOptions } from 'type-graphql';
import type { EntityManager, MigrationInterface } from 'typeorm';
import { ScopeRegistry, type ScopeRule } from './access/scope';
import { grantPermissions, type Grants } from './auth/permissions';
import type { RequestContext } from './context';
import type { DemoRandom } from './demo/random';
import type { ScaleSizes } from './demo/scale';
import type { ReferenceResolvers } from './subgraph';

/** A type-graphql resolver class (or one made by a factory such as `auditLogResolver`). */
export type ResolverClass = BuildSchemaOptions['resolvers'][number];
/** A TypeORM entity class. */
export type EntityClass = new () => object;
/** A TypeORM migration class. */
export type MigrationClass = new () => MigrationInterface;
/** `__resolveReference` of one entity type; it must read through a request-scoped loader. */
export type ReferenceResolver = (reference: { id: string }, context: RequestContext) => Promise<unknown>;
/** One partner-visible table (an entity, or a named rule such as the PRM's `CrmDeal`) and its rule. */
export type ScopeEntry = readonly [entity: { name: string }, rule: ScopeRule];

/**
 * One step of the demo data: `run` writes the module's rows in the seed's one transaction. Steps
 * of all modules run by ascending `order` (each reads what lower steps wrote, and they share one
 * random source, so the order is the data); `after` names the modules whose data the step reads,
 * and registering refuses a step ordered before one of theirs.
 */
export interface SeedStep<Input = unknown> {
  order: number;
  after?: readonly string[];
  run(manager: EntityManager, rng: DemoRandom, input: Input): Promise<void>;
}

/**
 * One table of the large generated data set (`npm run seed -- --scale N`, `shared/src/demo/scale.ts`):
 * `sql(from, to)` inserts the rows of indexes `from..to` of `rows(sizes)`, in bulk. Steps of all
 * modules run by ascending `order` (a table after the tables it refers to).
 */
export interface ScaleStep {
  order: number;
  /** Table name in the subgraph's schema (`customers`, `deal_attributions` …). */
  table: string;
  rows: (sizes: ScaleSizes) => number;
  sql: (from: number, to: number, sizes: ScaleSizes) => string;
  /** The SQL skips some indexes: count the rows written afterwards. */
  countRows?: boolean;
}

/**
 * A module's manifest: everything its subgraph needs to know of it, in one place
 * (`subgraphs/<subgraph>/src/<module>/module.ts`); the subgraph's `src/modules.ts` lists the
 * manifests, and the data source, schema, seed and row scope are derived from that list.
 * `Input` is what the subgraph's demo seed hands each step (the PRM's: the CRM's demo ids).
 */
export interface ModuleManifest<Input = unknown> {
  /** Unique in its subgraph; other manifests' `seeds[].after` name it. */
  name: string;
  /** TypeORM entities (tables) the module owns. */
  entities?: readonly EntityClass[];
  /**
   * Tables the module owns that no entity maps (written by SQL, e.g. a projection), by name in the
   * subgraph's schema. Only the owner's code reads or writes a table (`test/modules/ownership.test.ts`).
   */
  tables?: readonly string[];
  /**
   * Its migrations. TypeORM runs every migration of a subgraph by timestamp, whichever module it
   * belongs to, and remembers each by name: never rename or re-time one that has run.
   */
  migrations?: readonly MigrationClass[];
  /** type-graphql resolvers, in the order the schema lists them. */
  resolvers?: readonly ResolverClass[];
  /** `__resolveReference` by entity type name (one module per type name in a subgraph). */
  references?: Readonly<Record<string, ReferenceResolver>>;
  /** Partner-visible tables and how each is row-scoped (`access/scope.ts`). */
  scope?: readonly ScopeEntry[];
  /**
   * Who may do what with the subjects the module owns (declare each subject in
   * `Subjects` of `@sales-graph/shared/auth/permissions` in the same file). A subject has one owner.
   */
  permissions?: Grants;
  /** Its demo data steps. */
  seeds?: readonly SeedStep<Input>[];
  /** Its tables' generator steps for the large data set. */
  scale?: readonly ScaleStep[];
}

/** A manifest, typed (it only checks the shape: registering is `registerModules`'). */
export function defineModule<Input = unknown>(manifest: ModuleManifest<Input>): ModuleManifest<Input> {
  return manifest;
}

/** One subgraph's modules, registered: what its data source, schema, seed and scope are made of. */
export interface SubgraphModules<Input = unknown> {
  subgraph: string;
  modules: readonly ModuleManifest<Input>[];
  entities: EntityClass[];
  migrations: MigrationClass[];
  resolvers: BuildSchemaOptions['resolvers'];
  references: ReferenceResolvers;
  scope: ScopeRegistry;
  /** Every module's seed steps, in `order`. */
  seeds: (SeedStep<Input> & { module: string })[];
  /** Every module's scale steps, in `order`. */
  scale: ScaleStep[];
}

const duplicates = <T>(values: readonly T[]) => values.filter((value, i) => values.indexOf(value) !== i);

function refuseDuplicates<T>(
  subgraph: string,
  what: string,
  values: readonly T[],
  show: (value: T) => string = String,
): void {
  const dup = duplicates(values);
  if (dup.length)
    throw new Error(`${subgraph}: ${what} listed twice: ${[...new Set(dup.map(show))].join(', ')}`);
}

/**
 * Registers a subgraph's modules, once, when its `src/modules.ts` is loaded: grants their
 * permissions (owner `<subgraph>/<module>`) and checks the list (one manifest per name, an entity,
 * migration, resolver, reference, scoped table, seed or scale step claimed once, seed steps after the
 * modules they read); returns what the subgraph is assembled from, in list order.
 */
export function registerModules<Input = unknown>(
  subgraph: string,
  modules: readonly ModuleManifest<Input>[],
): SubgraphModules<Input> {
  const names = modules.map((m) => m.name);
  refuseDuplicates(subgraph, 'module', names);
  const all = <T>(pick: (m: ModuleManifest<Input>) => readonly T[] | undefined) =>
    modules.flatMap((m) => pick(m) ?? []);

  const entities = all((m) => m.entities);
  refuseDuplicates(subgraph, 'entity', entities, (e) => e.name);
  const migrations = all((m) => m.migrations);
  refuseDuplicates(subgraph, 'migration', migrations, (e) => e.name);
  const resolvers = all((m) => m.resolvers);
  refuseDuplicates(subgraph, 'resolver', resolvers, (r) => r.name);
  const referenceTypes = all((m) => Object.keys(m.references ?? {}));
  refuseDuplicates(subgraph, 'reference resolver of', referenceTypes);
  const references: ReferenceResolvers = Object.fromEntries(
    modules.flatMap((m) =>
      Object.entries(m.references ?? {}).map(([type, resolve]) => [type, { __resolveReference: resolve }]),
    ),
  );
  const scopeEntries = all((m) => m.scope);
  refuseDuplicates(
    subgraph,
    'scoped table',
    scopeEntries.map(([entity]) => entity.name),
  );

  const seeds = modules
    .flatMap((m) => (m.seeds ?? []).map((step) => ({ ...step, module: m.name })))
    .sort((a, b) => a.order - b.order);
  refuseDuplicates(
    subgraph,
    'seed order',
    seeds.map((step) => step.order),
  );
  for (const step of seeds) {
    for (const needed of step.after ?? []) {
      if (!names.includes(needed))
        throw new Error(`${subgraph}/${step.module}: seed after unknown module ${needed}`);
      const before = seeds.filter((other) => other.module === needed);
      if (!before.length || before.some((other) => other.order >= step.order)) {
        throw new Error(
          `${subgraph}/${step.module}: seed step ${step.order} must come after every seed step of ${needed}`,
        );
      }
    }
  }

  const scale = all((m) => m.scale).sort((a, b) => a.order - b.order);
  refuseDuplicates(
    subgraph,
    'scale order',
    scale.map((step) => step.order),
  );
  refuseDuplicates(
    subgraph,
    'scale table',
    scale.map((step) => step.table),
  );

  if (!resolvers.length) throw new Error(`${subgraph}: no module has a resolver`);

  for (const m of modules) if (m.permissions) grantPermissions(`${subgraph}/${m.name}`, m.permissions);

  return {
    subgraph,
    modules,
    entities,
    migrations,
    resolvers: resolvers as BuildSchemaOptions['resolvers'],
    references,
    scope: new ScopeRegistry(scopeEntries),
    seeds,
    scale,
  };
}
