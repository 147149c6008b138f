import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RouteHandler } from '../../shared/src/http';

/** A file of an installed package, read on first request. */
const asset = (pkg: string, file: string, type: string): RouteHandler => {
  let body: Buffer | undefined;
  return (_req, res) => {
    body ??= readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    res.end(body);
  };
};

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
    const input = document.getElementById('token');
    input.value = localStorage.getItem('sales-graph-token') || '';
    input.addEventListener('change', () => localStorage.setItem('sales-graph-token', input.value.trim()));
    const fetcher = (params, options) => {
      const token = input.value.trim();
      const headers = Object.assign({}, options && options.headers, token ? { authorization: 'Bearer ' + token } : {});
      return GraphiQL.createFetcher({ url: location.origin + '/graphql', headers })(params, options);
    };
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: '# Paste a token above, then run a query, e.g.\\n{\\n  customers(first: 5) { totalCount edges { node { id name } } }\\n}\\n',
      }),
    );
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
