import 'reflect-metadata';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { composeSupergraph } from '../gateway/src/compose';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';

/** `npm run compose` writes supergraph.graphql; with --check it fails if the committed file is stale. */
async function main() {
  const supergraph = await composeSupergraph();
  if (process.argv.includes('--check')) {
    const committed = existsSync(SUPERGRAPH_FILE) ? readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
    if (committed !== supergraph) {
      console.error('supergraph.graphql is stale: run `npm run compose` and commit the result.');
      process.exit(1);
    }
    console.log('supergraph.graphql is up to date.');
    return;
  }
  writeFileSync(SUPERGRAPH_FILE, supergraph);
  console.log(`Wrote ${SUPERGRAPH_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
