import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { Lead, LeadSource, LeadStatus } from './lead.entity';
import { createLead } from './lead.service';

/** Creating leads against a real CRM database, without the gateway. */
let crm: ServiceTest<CustomersContext>;
const MARKETING: Identity = { sub: 'user:marketing-1', role: 'MARKETING' };
const PRM: Identity = { sub: 'service:partners', role: 'SERVICE' };

beforeAll(async () => {
  crm = await serviceTest('customers');
});
afterAll(() => crm?.stop());

test('a lead starts NEW with its score computed from its fit, whatever score the caller sent', async () => {
  const lead = await crm.as(MARKETING, (ctx) =>
    createLead(ctx, {
      name: 'Grace Hopper',
      email: 'Grace@Example.com',
      source: LeadSource.EVENT,
      score: 99,
    }),
  );
  expect(lead).toMatchObject({
    status: LeadStatus.NEW,
    email: 'grace@example.com',
    createdBy: MARKETING.sub,
  });
  expect(lead.score).not.toBe(99);
  expect(await crm.dataSource.getRepository(Lead).findOneByOrFail({ id: lead.id })).toMatchObject({
    score: lead.score,
  });
});

test('only a service sets externalRef, and a retry under the same one answers the first lead', async () => {
  await expect(
    crm.as(MARKETING, (ctx) =>
      createLead(ctx, { name: 'Alan Turing', source: LeadSource.PARTNER, externalRef: 'k-1' }),
    ),
  ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  const first = await crm.as(PRM, (ctx) =>
    createLead(ctx, { name: 'Alan Turing', source: LeadSource.PARTNER, externalRef: 'offer:1' }),
  );
  const again = await crm.as(PRM, (ctx) =>
    createLead(ctx, { name: 'Alan Turing', source: LeadSource.PARTNER, externalRef: 'offer:1' }),
  );
  expect(again.id).toBe(first.id);
  expect(await crm.dataSource.getRepository(Lead).countBy({ externalRef: 'offer:1' })).toBe(1);
});

test('an unknown customer is NOT_FOUND and an invalid email BAD_USER_INPUT; neither writes', async () => {
  const before = await crm.dataSource.getRepository(Lead).count();
  await expect(
    crm.as(MARKETING, (ctx) =>
      createLead(ctx, {
        name: 'Nobody',
        source: LeadSource.WEB,
        customerId: '00000000-0000-4000-8000-000000000000',
      }),
    ),
  ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  await expect(
    crm.as(MARKETING, (ctx) =>
      createLead(ctx, { name: 'Nobody', source: LeadSource.WEB, email: 'not-an-email' }),
    ),
  ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(await crm.dataSource.getRepository(Lead).count()).toBe(before);
});
