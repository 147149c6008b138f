import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { verifyUserToken } from '@sales-graph/shared/auth/identity';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';

/** `npm run token`, as the README runs it: no build, a token the graph's JWT_SECRET verifies. */
const run = promisify(execFile);
const token = (args: string[], env: Record<string, string> = {}) =>
  run('npm', ['run', '--silent', 'token', '--', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
  });

const saved = process.env.JWT_SECRET;
afterEach(() => {
  if (saved === undefined) delete process.env.JWT_SECRET;
  else process.env.JWT_SECRET = saved;
});

test('npm run token -- --role ADMIN prints a token that verifies (development secret)', async () => {
  delete process.env.JWT_SECRET;
  const { stdout } = await token(['--role', 'ADMIN'], { JWT_SECRET: '' });
  await expect(verifyUserToken(stdout.trim(), null)).resolves.toEqual({ sub: 'dev:admin', role: 'ADMIN' });
});

test('a token minted with the running graph’s JWT_SECRET verifies with it, and only with it', async () => {
  const { stdout } = await token(['--role', 'ANALYST'], { JWT_SECRET: 'token-test-secret' });
  process.env.JWT_SECRET = 'token-test-secret';
  await expect(verifyUserToken(stdout.trim(), null)).resolves.toMatchObject({ role: 'ANALYST' });
  process.env.JWT_SECRET = 'another-secret';
  await expect(verifyUserToken(stdout.trim(), null)).rejects.toMatchObject({
    extensions: { code: 'UNAUTHENTICATED' },
  });
});

test('a PARTNER token names its partner user, or none is printed', async () => {
  const partnerId = '0d7c1b62-5f1e-4c59-9a53-4f1b2a3c4d5e';
  const userId = '5b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';
  const { stdout } = await token(['--role', 'PARTNER', '--partner', partnerId, '--sub', userId], {
    JWT_SECRET: '',
  });
  delete process.env.JWT_SECRET;
  await expect(verifyUserToken(stdout.trim(), null)).resolves.toEqual({
    sub: userId,
    role: 'PARTNER',
    partnerId,
  });
  await expect(
    token(['--role', 'PARTNER', '--partner', partnerId], { JWT_SECRET: '' }),
  ).rejects.toMatchObject({
    stderr: expect.stringContaining('--sub'),
  });
});
