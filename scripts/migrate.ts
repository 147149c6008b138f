import 'reflect-metadata';
import { migrateAll, openDatabases } from './environment';

/** `npm run migrate`: applies pending migrations to both subgraphs' databases. */
async function main() {
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
