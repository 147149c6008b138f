import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { createCustomer } from '../customers';
import { createLead, LeadSource } from '../leads';
import { Deal, DealStage, DealStageChange } from './deal.entity';
import { createDeal, moveDealStage } from './deal.service';

/** Deals and their stage history against a real CRM database, without the gateway. */
let crm: ServiceTest<CustomersContext>;
let customerId: string;
const SALES: Identity = { sub: 'user:sales-1', role: 'SALES' };
const MANAGER: Identity = { sub: 'user:manager-1', role: 'ADMIN' };

beforeAll(async () => {
  crm = await serviceTest('customers');
  ({ id: customerId } = await crm.as(SALES, (ctx) => createCustomer(ctx, { name: 'Tailspin Toys' })));
});
afterAll(() => crm?.stop());

const history = (dealId: string) =>
  crm.dataSource
    .getRepository(DealStageChange)
    .find({ where: { dealId } })
    .then((changes) =>
      changes.map(({ fromStage, toStage, changedBy }) => ({ fromStage, toStage, changedBy })),
    );

test('a deal starts its stage history in its first stage, owned by its creator; each move is recorded by who moved it', async () => {
  const deal = await crm.as(SALES, (ctx) =>
    createDeal(ctx, { customerId, title: 'Starter bundle', amount: '1200.50', currency: 'eur' }),
  );
  expect(deal).toMatchObject({
    stage: DealStage.PROSPECTING,
    ownerId: SALES.sub,
    currency: 'EUR',
    closedAt: null,
  });
  await crm.as(MANAGER, (ctx) => moveDealStage(ctx, deal.id, DealStage.PROPOSAL));
  const won = await crm.as(SALES, (ctx) => moveDealStage(ctx, deal.id, DealStage.CLOSED_WON));
  expect(won.closedAt).toBeInstanceOf(Date);
  expect(String(won.amount)).toBe('1200.50');
  // Moves within one millisecond share a timestamp: the chain of stages orders them.
  const moves = await history(deal.id);
  expect(moves).toHaveLength(3);
  expect(moves).toEqual(
    expect.arrayContaining([
      { fromStage: null, toStage: DealStage.PROSPECTING, changedBy: SALES.sub },
      { fromStage: DealStage.PROSPECTING, toStage: DealStage.PROPOSAL, changedBy: MANAGER.sub },
      { fromStage: DealStage.PROPOSAL, toStage: DealStage.CLOSED_WON, changedBy: SALES.sub },
    ]),
  );
  // A move to the stage the deal is already in answers the deal and records nothing.
  await crm.as(SALES, (ctx) => moveDealStage(ctx, deal.id, DealStage.CLOSED_WON));
  expect(await history(deal.id)).toHaveLength(3);
});

test('a negative amount is BAD_USER_INPUT, an unknown customer or a malformed deal id NOT_FOUND; none writes', async () => {
  const before = await crm.dataSource.getRepository(Deal).count();
  await expect(
    crm.as(SALES, (ctx) =>
      createDeal(ctx, { customerId, title: 'Refund', amount: '-1.00', currency: 'EUR' }),
    ),
  ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'amount' } });
  await expect(
    crm.as(SALES, (ctx) =>
      createDeal(ctx, {
        customerId: '00000000-0000-4000-8000-000000000000',
        title: 'Nobody',
        amount: '1.00',
        currency: 'EUR',
      }),
    ),
  ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  await expect(
    crm.as(SALES, (ctx) => moveDealStage(ctx, 'not-an-id', DealStage.PROPOSAL)),
  ).rejects.toMatchObject({
    extensions: { code: 'NOT_FOUND' },
  });
  expect(await crm.dataSource.getRepository(Deal).count()).toBe(before);
});

test('a lead has at most one deal', async () => {
  const lead = await crm.as(SALES, (ctx) =>
    createLead(ctx, { name: 'Ada Lovelace', source: LeadSource.WEB }),
  );
  const input = { customerId, leadId: lead.id, title: 'From the lead', amount: '10.00', currency: 'USD' };
  await crm.as(SALES, (ctx) => createDeal(ctx, input));
  await expect(crm.as(SALES, (ctx) => createDeal(ctx, input))).rejects.toMatchObject({
    extensions: { code: 'CONFLICT', field: 'leadId' },
  });
});
