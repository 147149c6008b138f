import 'reflect-metadata';
import { parseScaleArg, stderrProgress } from '@sales-graph/shared/demo/scale';
import { migrateAll, openDatabases, seedAll } from './environment';
import { seedAtScale } from './seed-scale';

/**
 * `npm run seed`: migrates, then loads the deterministic demo data where a side is empty.
 * `npm run seed -- --scale N` (N deals, or `large` = 1,000,000) generates a large data set instead.
 */
async function main() {
  const scale = parseScaleArg(process.argv.slice(2));
  const db = await openDatabases({ statementTimeoutMs: 0 });
  try {
    await migrateAll(db);
    if (typeof scale === 'number') {
      const result = await seedAtScale(db.crm, db.prm, scale, stderrProgress);
      for (const t of result.tables) {
        console.log(`${t.table.padEnd(24)} ${String(t.rows).padStart(9)} rows ${(t.ms / 1000).toFixed(1)} s`);
      }
      const seconds = result.ms / 1000;
      console.log(
        `Scale ${scale}: ${result.rows} rows in ${seconds.toFixed(1)} s (${Math.round(result.rows / seconds)} rows/s, incl. VACUUM ANALYZE).`,
      );
      return;
    }
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
