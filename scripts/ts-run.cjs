/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
// `node -r ./scripts/ts-run.cjs scripts/<x>.ts`: runs a small TypeScript script without a build,
// transpiling each project .ts file it requires on the fly (no type check: `npm run typecheck`
// does that). Output is cached by content under node_modules/.cache, so TypeScript itself is
// loaded only when a file changed: `npm run token` answers in about a second instead of a build.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const CACHE = join(__dirname, '..', 'node_modules', '.cache', 'ts-run');
let ts;

function transpile(source, filename) {
  ts ??= require('typescript');
  return ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  }).outputText;
}

// `@sales-graph/shared/<path>` is read from its source here (a build reads shared/dist).
const Module = require('node:module');
const SHARED_SOURCES = join(__dirname, '..', 'shared', 'src');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@sales-graph/shared/')) {
    request = join(SHARED_SOURCES, request.slice('@sales-graph/shared/'.length));
  }
  return resolveFilename.call(this, request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const cached = join(
    CACHE,
    `${createHash('sha256').update(filename).update('\0').update(source).digest('hex')}.js`,
  );
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    mkdirSync(CACHE, { recursive: true });
    // Written aside, then renamed: a concurrent run reads a whole file or none.
    writeFileSync(`${cached}.${process.pid}`, output);
    renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(output, filename);
};
