import { readFileSync } from 'node:fs';
import { composeSupergraph } from '../../gateway/src/compose';
import '../../gateway/src/gateway';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';

test('the committed supergraph.graphql is what the subgraphs compose to today', async () => {
  expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(await composeSupergraph());
});

test('Deal and Lead are entities both subgraphs contribute to', async () => {
  const supergraph = await composeSupergraph();
  for (const type of ['Deal', 'Lead']) {
    expect(supergraph).toMatch(
      new RegExp(
        `type ${type}\\n  @join__type\\(graph: CUSTOMERS, key: "id"\\)\\n  @join__type\\(graph: PARTNERS, key: "id"\\)`,
      ),
    );
  }
  expect(supergraph).toMatch(/sourcedBy: Partner @join__field\(graph: PARTNERS\)/);
  expect(supergraph).toMatch(/referredBy: Partner @join__field\(graph: PARTNERS\)/);
});

test('the gateway never reports telemetry', () => {
  expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
});
