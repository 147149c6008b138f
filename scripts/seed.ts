import 'reflect-metadata';
import { migrateAll, openDatabases, seedAll } from './environment';

/** `npm run seed`: migrates, then loads the deterministic demo data where a side is empty. */
async function main() {
  const db = await openDatabases();
  try {
    await migrateAll(db);
    const seeded = await seedAll(db);
    console.log(
      `CRM demo data: ${seeded.crm ? 'loaded' : 'already present'}; PRM demo data: ${seeded.prm ? 'loaded' : 'already present'}.`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
