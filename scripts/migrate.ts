import 'reflect-metadata';
import { databaseUrlFor, isProduction } from '@sales-graph/shared/config';
import { migrateAll, openDatabases } from './environment';

/**
 * `npm run migrate`: applies pending migrations to both subgraphs' databases (the Helm chart's
 * migration Job runs it as `node dist/scripts/migrate.js`). In production both databases must be
 * named: the embedded fallback would migrate a throwaway database and report success.
 */
async function main() {
  if (isProduction()) {
    const missing = (['customers', 'partners'] as const).filter((name) => !databaseUrlFor(name));
    if (missing.length > 0) {
      console.error(
        `migrate refuses to run: set ${missing.map((name) => `${name.toUpperCase()}_DATABASE_URL`).join(' and ')} (or DATABASE_URL) in production`,
      );
      process.exit(1);
    }
  }
  const db = await openDatabases();
  try {
    await migrateAll(db);
    console.log('Migrations applied.');
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
