import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { identityFromClaims, signUserToken } from '../shared/src/auth/identity';

/** `npm run token -- --role ADMIN` or `--role PARTNER --partner <id>`: a development token. */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'ADMIN' },
      partner: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = values.role!.toUpperCase();
  const identity = identityFromClaims({
    sub: values.sub ?? `dev:${role.toLowerCase()}`,
    role,
    partnerId: values.partner,
  });
  console.log(await signUserToken(identity, values.expires));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
