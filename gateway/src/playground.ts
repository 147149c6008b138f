import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RouteHandler } from '@sales-graph/shared/http';
import { PLAYGROUND_EXAMPLES } from './playground-examples';

/** A file of an installed package, read on first request. */
const asset = (pkg: string, file: string, type: string): RouteHandler => {
  let body: Buffer | undefined;
  return (_req, res) => {
    body ??= readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    res.end(body);
  };
};

/** The examples as GraphiQL tabs, as a script literal (no `</script>` can close the tag early). */
const tabs = JSON.stringify(
  PLAYGROUND_EXAMPLES.map(({ query, variables }) => ({
    query,
    variables: variables ? JSON.stringify(variables, null, 2) : undefined,
  })),
).replace(/</g, '\\u003c');

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Sales graph playground</title>
  <link rel="stylesheet" href="/playground/graphiql.min.css" />
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #token-bar { display: flex; gap: 8px; padding: 8px; background: #0f172a; color: #e2e8f0; align-items: center; }
    #token-bar input { flex: 1; font-family: monospace; padding: 4px; }
    #graphiql { flex: 1; }
  </style>
</head>
<body>
  <div id="token-bar">
    <label for="token">Bearer token</label>
    <input id="token" placeholder="paste a token from 'npm run token' or your identity provider" autocomplete="off" />
  </div>
  <div id="graphiql"></div>
  <script src="/playground/react.production.min.js"></script>
  <script src="/playground/react-dom.production.min.js"></script>
  <script src="/playground/graphiql.min.js"></script>
  <script>
    const TOKEN_KEY = 'sales-graph-token';
    const input = document.getElementById('token');
    input.value = localStorage.getItem(TOKEN_KEY) || '';
    const root = ReactDOM.createRoot(document.getElementById('graphiql'));
    let shown;
    // A new fetcher for each token: GraphiQL fetches the schema again (docs, completion) at once.
    const render = () => {
      const token = input.value.trim();
      if (shown === token) return;
      shown = token;
      localStorage.setItem(TOKEN_KEY, token);
      const fetcher = GraphiQL.createFetcher({
        url: location.origin + '/graphql',
        headers: token ? { authorization: 'Bearer ' + token } : {},
      });
      root.render(React.createElement(GraphiQL, { fetcher, defaultTabs: ${tabs}, defaultEditorToolsVisibility: true }));
    };
    input.addEventListener('input', render);
    render();
  </script>
</body>
</html>`;

/** GraphiQL served from node_modules: works offline, no CDN. */
export const playgroundRoutes: Record<string, RouteHandler> = {
  '/graphql': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  },
  '/playground/graphiql.min.css': asset('graphiql', 'graphiql.min.css', 'text/css'),
  '/playground/graphiql.min.js': asset('graphiql', 'graphiql.min.js', 'application/javascript'),
  '/playground/react.production.min.js': asset(
    'react',
    'umd/react.production.min.js',
    'application/javascript',
  ),
  '/playground/react-dom.production.min.js': asset(
    'react-dom',
    'umd/react-dom.production.min.js',
    'application/javascript',
  ),
};
