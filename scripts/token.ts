import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { identityFromClaims, signUserToken } from '@sales-graph/shared/auth/identity';

/**
 * `npm run token -- --role ADMIN` or `--role PARTNER --partner <partner id> --sub <partner user id>`:
 * a development token. A PARTNER token's `sub` is the PartnerUser.id of the person it stands for:
 * the subgraphs honour it only while that user is an ACTIVE (or INVITED) user of the partner, and
 * only as far as the partner's status allows (PARTNER_STATUS_ACCESS); partner-administrative actions
 * (team, API keys, onboarding) need that user to be an ACTIVE ADMIN of the partner.
 */
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
  if (identity.role === 'PARTNER' && !values.sub) {
    throw new Error(
      'A PARTNER token needs --sub <partner user id>: a token naming no partner user is refused',
    );
  }
  console.log(await signUserToken(identity, values.expires));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
