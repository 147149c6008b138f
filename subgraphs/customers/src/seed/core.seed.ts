import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { Contact } from '../contacts/contact.entity';
import { Customer, LifecycleStage } from '../customers/customer.entity';
import { Deal, DealStage, DealStageChange } from '../deals/deal.entity';
import { Lead, LeadSource, LeadStatus } from '../leads/lead.entity';
import { DAY_MS } from '@sales-graph/shared/time';

const PREFIXES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Hooli',
  'Vandelay',
  'Wonka',
  'Aperture',
  'Massive',
  'Oscorp',
  'Monarch',
  'Nakatomi',
  'Gringotts',
  'Pied Piper',
  'Dunder',
];
const SUFFIXES = ['Industries', 'Logistics', 'Health', 'Systems', 'Retail', 'Foods'];
const INDUSTRIES = ['Manufacturing', 'Logistics', 'Healthcare', 'Software', 'Retail', 'Food & Beverage'];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];
const FIRST = [
  'Ana',
  'Ben',
  'Chloe',
  'David',
  'Elif',
  'Femi',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Luis',
];
const LAST = [
  'Novak',
  'Okafor',
  'Schmidt',
  'Tanaka',
  'Rossi',
  'Haddad',
  'Kowalski',
  'Silva',
  'Larsen',
  'Dubois',
];
const PRODUCTS = [
  'Platform licence',
  'Support renewal',
  'Expansion seats',
  'Analytics add-on',
  'Onboarding package',
];
const CURRENCY_BY_REGION: Record<string, string> = { EMEA: 'EUR', NA: 'USD', APAC: 'USD', LATAM: 'USD' };
const ORDER: DealStage[] = [
  DealStage.PROSPECTING,
  DealStage.QUALIFICATION,
  DealStage.PROPOSAL,
  DealStage.NEGOTIATION,
];

/** 60 customers with contacts, 180 leads and 330 deals with their stage history. */
export async function seedCoreCrm(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const now = new Date('2026-11-01T09:00:00Z');
  const customers = await seedCustomers(manager, rng, now);
  await seedContacts(manager, rng, now, customers);
  const leads = await seedLeads(manager, rng, now, customers);
  await seedDeals(manager, rng, now, customers, leads);
}

async function seedCustomers(manager: EntityManager, rng: DemoRandom, now: Date): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (let i = 0; i < 60; i++) {
    const name = `${PREFIXES[i % PREFIXES.length]} ${SUFFIXES[Math.floor(i / PREFIXES.length) % SUFFIXES.length]}`;
    customers.push(
      manager.create(Customer, {
        id: rng.uuid(),
        name,
        domain: `${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
        industry: rng.pick(INDUSTRIES),
        region: rng.pick(REGIONS),
        lifecycleStage: rng.pick([
          LifecycleStage.PROSPECT,
          LifecycleStage.OPPORTUNITY,
          LifecycleStage.CUSTOMER,
          LifecycleStage.CUSTOMER,
        ]),
        createdAt: rng.pastDate(now, 720),
        createdBy: 'seed',
      }),
    );
  }
  await manager.save(customers, { chunk: 100 });
  return customers;
}

async function seedContacts(
  manager: EntityManager,
  rng: DemoRandom,
  now: Date,
  customers: Customer[],
): Promise<void> {
  const contacts = customers.flatMap((customer) =>
    Array.from({ length: rng.int(1, 4) }, () => {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      return manager.create(Contact, {
        id: rng.uuid(),
        customerId: customer.id,
        firstName: first,
        lastName: last,
        email: `${first}.${last}@${customer.domain}`.toLowerCase(),
        phone: `+4930${rng.int(1000000, 9999999)}`,
        title: rng.pick(['CEO', 'CTO', 'Head of Procurement', 'IT Manager', 'CFO']),
        createdAt: rng.pastDate(now, 600),
        createdBy: 'seed',
      });
    }),
  );
  await manager.save(contacts, { chunk: 200 });
}

async function seedLeads(
  manager: EntityManager,
  rng: DemoRandom,
  now: Date,
  customers: Customer[],
): Promise<Lead[]> {
  const leads: Lead[] = [];
  for (let i = 0; i < 180; i++) {
    const customer = rng.chance(0.6) ? rng.pick(customers) : null;
    const first = rng.pick(FIRST);
    leads.push(
      manager.create(Lead, {
        id: rng.uuid(),
        name: `${first} ${rng.pick(LAST)}`,
        company: customer?.name ?? `${rng.pick(PREFIXES)} ${rng.pick(['Labs', 'Group', 'GmbH', 'Ltd'])}`,
        email: `${first.toLowerCase()}${i}@${customer?.domain ?? 'prospect.example'}`,
        source: rng.pick(Object.values(LeadSource)),
        status: customer
          ? LeadStatus.CONVERTED
          : rng.pick([LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED]),
        score: rng.int(5, 95),
        customerId: customer?.id ?? null,
        createdAt: rng.pastDate(now, 500),
        createdBy: 'seed',
      }),
    );
  }
  await manager.save(leads, { chunk: 200 });
  return leads;
}

/** 330 deals: the converted leads' first, then more on the customers in turn. */
async function seedDeals(
  manager: EntityManager,
  rng: DemoRandom,
  now: Date,
  customers: Customer[],
  leads: Lead[],
): Promise<void> {
  const convertedLeads = leads.filter((lead) => lead.customerId);
  const deals: Deal[] = [];
  const history: DealStageChange[] = [];
  for (let i = 0; i < 330; i++) {
    const lead = i < convertedLeads.length ? convertedLeads[i] : null;
    const customer = lead
      ? customers.find((c) => c.id === lead.customerId)!
      : customers[i % customers.length];
    deals.push(demoDeal(manager, rng, now, customer, lead ?? null, history));
  }
  await manager.save(deals, { chunk: 200 });
  await manager.save(history, { chunk: 500 });
}

/** One deal along a stage path (open, or closed won or lost), its stage changes added to `history`. */
function demoDeal(
  manager: EntityManager,
  rng: DemoRandom,
  now: Date,
  customer: Customer,
  lead: Lead | null,
  history: DealStageChange[],
): Deal {
  const createdAt = rng.pastDate(now, 400);
  const reached = rng.int(0, ORDER.length - 1);
  const closing = rng.chance(0.45)
    ? rng.pick([DealStage.CLOSED_WON, DealStage.CLOSED_WON, DealStage.CLOSED_LOST])
    : null;
  const path = [...ORDER.slice(0, reached + 1), ...(closing ? [closing] : [])];
  const stage = path[path.length - 1];
  const id = rng.uuid();
  const at = addStageHistory(manager, rng, id, path, createdAt.getTime(), history);
  const closedAt = closing ? new Date(at - DAY_MS) : null;
  return manager.create(Deal, {
    id,
    title: `${customer.name} — ${rng.pick(PRODUCTS)}`,
    amount: `${rng.int(20, 900) * 250}.00`,
    currency: CURRENCY_BY_REGION[customer.region ?? 'NA'],
    stage,
    expectedCloseDate: new Date(createdAt.getTime() + rng.int(30, 180) * DAY_MS).toISOString().slice(0, 10),
    closedAt,
    ownerId: `user:sales-${rng.int(1, 6)}`,
    customerId: customer.id,
    leadId: lead?.id ?? null,
    createdAt,
    createdBy: 'seed',
  });
}

/** A stage change for each step of `path` from `start` (ms), days apart; returns the time after the last. */
function addStageHistory(
  manager: EntityManager,
  rng: DemoRandom,
  dealId: string,
  path: DealStage[],
  start: number,
  history: DealStageChange[],
): number {
  let at = start;
  path.forEach((to, step) => {
    history.push(
      manager.create(DealStageChange, {
        id: rng.uuid(),
        dealId,
        fromStage: step === 0 ? null : path[step - 1],
        toStage: to,
        changedAt: new Date(at),
        changedBy: 'seed',
      }),
    );
    at += rng.int(2, 20) * DAY_MS;
  });
  return at;
}
