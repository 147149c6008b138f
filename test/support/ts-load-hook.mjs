// ESM load hook: a .ts file that import() reaches (jest-light-runner imports each test file)
// is handed to the CommonJS loader, where scripts/ts-run.cjs transpiles it.
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.ts(\?.*)?$/.test(url)) return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}
