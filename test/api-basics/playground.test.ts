import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** Partner developers explore in GraphiQL, served from node_modules: it works with no internet. */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

test('the playground page loads only assets the gateway serves itself, and has a token field', async () => {
  const page = await fetch(graph.gateway.url, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).toContain('id="token"');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  const assets = [...html.matchAll(/(?:src|href)="(\/playground\/[^"]+)"/g)].map((match) => match[1]);
  expect(assets).toHaveLength(4);
  for (const asset of assets) {
    const response = await fetch(new URL(asset, graph.gateway.url));
    expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    const body = await response.text();
    expect(body.length).toBeGreaterThan(1000);
    expect(body).not.toMatch(/https:\/\/unpkg\.com|cdn\.jsdelivr/);
  }
});
