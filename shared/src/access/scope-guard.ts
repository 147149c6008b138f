import type { DataSource, QueryRunner } from 'typeorm';
import { statementCounter } from '../db/datasource';
import { currentRequest } from '../http';
import { SCOPE_MARK, type ScopeRegistry } from './scope';

export interface ScopeViolation {
  table: string;
  statement: string;
}

/**
 * Test-mode check that every read of a partner-visible table made for a partner user went through
 * the scope API: each statement sent while a PARTNER request is served that reads such a table
 * and does not start with the scope mark is recorded. Writes (inside their transaction) are the
 * write's own business: they lock and check rows they never return.
 */
export class ScopeGuard {
  readonly violations: ScopeViolation[] = [];
  private readonly tables: { name: string; pattern: RegExp }[];

  constructor(dataSource: DataSource, registry: ScopeRegistry) {
    const names = new Set(registry.entityNames());
    this.tables = dataSource.entityMetadatas
      .filter((metadata) => names.has(metadata.name))
      .map((metadata) => {
        const [schema, table] = metadata.tablePath.includes('.')
          ? metadata.tablePath.split('.')
          : [undefined, metadata.tablePath];
        const prefix = schema ? `"?${schema}"?\\.` : '';
        return { name: metadata.tablePath, pattern: new RegExp(`${prefix}"?${table}"?(?![\\w"])`, 'i') };
      });
  }

  inspect(statement: string, queryRunner?: QueryRunner): void {
    if (currentRequest()?.actor?.role !== 'PARTNER') return;
    if (queryRunner?.isTransactionActive) return;
    const text = statement.trimStart();
    if (text.startsWith(`/* ${SCOPE_MARK}`)) return;
    if (!/^(\/\*[\s\S]*?\*\/\s*)*(SELECT|WITH)\b/i.test(text)) return;
    for (const table of this.tables) {
      if (table.pattern.test(text)) this.violations.push({ table: table.name, statement });
    }
  }
}

/** Installs a guard on a data source's statement log (see `StatementCounter.observers`). */
export function guardScope(dataSource: DataSource, registry: ScopeRegistry): ScopeGuard {
  const guard = new ScopeGuard(dataSource, registry);
  statementCounter(dataSource).observers.push((query, queryRunner) => guard.inspect(query, queryRunner));
  return guard;
}
