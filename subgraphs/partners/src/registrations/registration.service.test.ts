import type { Identity } from '@sales-graph/shared/auth/identity';
import { partnerUserRow } from '../../../../test/support/fixtures';
import { seedPartner } from '../../../../test/support/partners';
import { serviceTest, type ServiceTest } from '../../../../test/support/service';
import type { PartnersContext } from '../context.type';
import { DealRegistration, DealRegistrationStatus as R } from './registration.entity';
import { moveRegistration, registerDeal, updateDealRegistration } from './registration.service';

/** Deal registrations against a real PRM database, without the gateway or the CRM. */
let prm: ServiceTest<PartnersContext>;
let northwind: string;
let contoso: string;
const CHANNEL: Identity = { sub: 'user:channel-1', role: 'CHANNEL_MANAGER' };
const closeDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const opportunity = (name: string) => ({
  prospectCompanyName: name,
  estimatedAmount: '25000.00',
  currency: 'usd',
  expectedCloseDate: closeDate,
  products: ['Platform'],
});

/** A real, ACTIVE user of the partner, and the PARTNER identity its token would carry. */
const partnerUser = (partnerId: string): Promise<Identity> =>
  partnerUserRow({ prm: prm.dataSource }, partnerId);

beforeAll(async () => {
  prm = await serviceTest('partners');
  northwind = await seedPartner({ prm: prm.dataSource }, { name: 'Northwind' });
  contoso = await seedPartner({ prm: prm.dataSource }, { name: 'Contoso' });
});
afterAll(() => prm?.stop());

test("a partner user registers for its own partner; it is SUBMITTED at once and another partner's user cannot touch it", async () => {
  const user = await partnerUser(northwind);
  const registration = await prm.as(user, (ctx) => registerDeal(ctx, opportunity('Fabrikam Inc.')));
  expect(registration).toMatchObject({
    partnerId: northwind,
    status: R.SUBMITTED,
    currency: 'USD',
    createdBy: user.sub,
  });
  expect(registration.submittedAt).toBeInstanceOf(Date);
  const other = await partnerUser(contoso);
  await expect(
    prm.as(other, (ctx) => updateDealRegistration(ctx, registration.id, { estimatedAmount: '1.00' })),
  ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  await expect(
    prm.as(other, (ctx) => registerDeal(ctx, { ...opportunity('Fabrikam'), partnerId: northwind })),
  ).rejects.toMatchObject({
    extensions: { code: 'NOT_FOUND' },
  });
  const stored = await prm.dataSource
    .getRepository(DealRegistration)
    .findOneByOrFail({ id: registration.id });
  expect(String(stored.estimatedAmount)).toBe('25000.00');
});

test('only an ACTIVE partner registers deals', async () => {
  const suspended = await seedPartner({ prm: prm.dataSource }, { name: 'Litware', status: 'SUSPENDED' });
  await expect(
    prm.as(CHANNEL, (ctx) => registerDeal(ctx, { ...opportunity('Adatum'), partnerId: suspended })),
  ).rejects.toMatchObject({ extensions: { code: 'CONFLICT', field: 'partnerId' } });
  expect(await prm.dataSource.getRepository(DealRegistration).countBy({ partnerId: suspended })).toBe(0);
});

test('a review moves through the state machine, a rejection needs its reason, and a repeated move answers the record', async () => {
  const registration = await prm.as(CHANNEL, (ctx) =>
    registerDeal(ctx, { ...opportunity('Woodgrove Bank'), partnerId: northwind }),
  );
  const reviewed = await prm.as(CHANNEL, (ctx) => moveRegistration(ctx, registration.id, R.UNDER_REVIEW));
  expect(reviewed).toMatchObject({ status: R.UNDER_REVIEW, reviewedBy: CHANNEL.sub });
  await expect(
    prm.as(CHANNEL, (ctx) => moveRegistration(ctx, registration.id, R.REJECTED)),
  ).rejects.toMatchObject({
    extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
  });
  const rejected = await prm.as(CHANNEL, (ctx) =>
    moveRegistration(ctx, registration.id, R.REJECTED, { reason: 'Existing direct deal' }),
  );
  expect(rejected).toMatchObject({
    status: R.REJECTED,
    decisionReason: 'Existing direct deal',
    decidedBy: CHANNEL.sub,
  });
  const again = await prm.as(CHANNEL, (ctx) =>
    moveRegistration(ctx, registration.id, R.REJECTED, { reason: 'Existing direct deal' }),
  );
  expect(again.updatedAt).toEqual(rejected.updatedAt);
  await expect(
    prm.as(CHANNEL, (ctx) => moveRegistration(ctx, registration.id, R.UNDER_REVIEW)),
  ).rejects.toMatchObject({
    extensions: { code: 'CONFLICT' },
  });
});
