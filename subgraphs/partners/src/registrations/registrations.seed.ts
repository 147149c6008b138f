import { In, type EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { normaliseDomain } from '@sales-graph/shared/validation';
import { PRM_DEMO_NOW } from '../onboarding';
import { Partner, PartnerStatus } from '../partners';
import type { CrmDemoIds, CrmDemoProductPrice } from '../seed';
import { DealRegistration, DealRegistrationStatus } from './registration.entity';
import { protectionEnd, sameProspect } from './registration.rules';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';
import { DAY_MS } from '@sales-graph/shared/time';

const R = DealRegistrationStatus;

/** Prospects that are not (yet) CRM customers. */
const NEW_PROSPECTS = [
  ['Initech', 'initech.example'],
  ['Globex Corporation', 'globex.example'],
  ['Umbrella Health', 'umbrella-health.example'],
  ['Stark Logistics', 'starklogistics.example'],
  ['Wayne Biotech', 'waynebio.example'],
  ['Hooli Europe', 'hooli.example'],
  ['Vandelay Industries', 'vandelay.example'],
  ['Soylent Foods', 'soylent.example'],
  ['Tyrell Robotics', 'tyrell.example'],
  ['Cyberdyne Systems', 'cyberdyne.example'],
  ['Oscorp Energy', 'oscorp.example'],
  ['Massive Dynamic', 'massivedynamic.example'],
] as const;

const PRODUCTS = [
  'Sales Graph Platform',
  'Analytics Add-on',
  'Data Connectors',
  'Partner Portal Seats',
  'Premium Support',
  'Implementation Services',
];

const CURRENCY_BY_REGION: Record<string, string> = { EMEA: 'EUR', NA: 'USD', APAC: 'AUD', LATAM: 'USD' };
const CHANNEL_MANAGERS = ['cm:alice', 'cm:bruno', 'cm:chen'];
const RETURN_REASONS = [
  'Add the prospect domain and a contact',
  'Estimated amount looks off; please confirm',
];
const REJECT_REASONS = [
  'Existing direct opportunity with this customer',
  'Prospect already registered by another partner',
];

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Deal registrations of active (and formerly active) partners over the last eight months, in
 * every status: some prospects are registered by two partners (flagged conflicts), approvals
 * carry their 90-day protection (older ones expired), and no prospect has two live approvals.
 * Prospects are partly the CRM's own customers, partly new companies.
 */
export async function seedRegistrations(
  manager: EntityManager,
  rng: DemoRandom,
  crm?: CrmDemoIds,
): Promise<void> {
  if ((await manager.count(DealRegistration)) > 0) return;
  const partners = await manager.find(Partner, {
    where: { status: In([PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED]) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (partners.length === 0) return;
  const prospects: { name: string; domain: string | null }[] = [
    ...NEW_PROSPECTS.map(([name, domain]) => ({ name, domain })),
    ...(crm?.customers ?? []).slice(0, 30).map((customer) => ({
      name: customer.name,
      domain: safeDomain(customer.domain),
    })),
  ];
  const registrations: DealRegistration[] = [];
  for (let i = 0; i < partners.length * 2; i += 1) {
    const partner = rng.pick(partners);
    const prospect = rng.pick(prospects);
    const ageDays = rng.chance(0.2) ? rng.int(1, 20) : rng.int(21, 240);
    const createdAt = new Date(PRM_DEMO_NOW.getTime() - ageDays * DAY_MS - rng.int(0, 86_399) * 1000);
    registrations.push(
      manager.create(DealRegistration, {
        id: rng.uuid(),
        partnerId: partner.id,
        prospectCompanyName: prospect.name,
        prospectCompanyKey: normaliseCompanyName(prospect.name),
        prospectDomain: rng.chance(0.85) ? prospect.domain : null,
        estimatedAmount: `${rng.int(8, 600) * 500}.00`,
        currency: CURRENCY_BY_REGION[partner.region ?? ''] ?? 'USD',
        expectedCloseDate: day(new Date(createdAt.getTime() + rng.int(30, 180) * DAY_MS)),
        products: [...new Set([PRODUCTS[0], rng.pick(PRODUCTS), rng.pick(PRODUCTS)])],
        status: R.SUBMITTED,
        submittedAt: createdAt,
        createdAt,
        createdBy: `partner:${partner.id.slice(0, 8)}`,
      }),
    );
  }
  registrations.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));

  // Decide them in the order they came in; an approval never overlaps another's protection.
  const suspended = new Set(partners.filter((p) => p.status === PartnerStatus.SUSPENDED).map((p) => p.id));
  const approvals: { claim: DealRegistration; from: Date; until: Date }[] = [];
  for (const registration of registrations) {
    const cm = rng.pick(CHANNEL_MANAGERS);
    const age = (PRM_DEMO_NOW.getTime() - registration.createdAt.getTime()) / DAY_MS;
    const roll = rng.next();
    const decidedAt = new Date(registration.createdAt.getTime() + rng.int(1, 5) * DAY_MS);
    if (age < 21 || suspended.has(registration.partnerId)) {
      // Recent ones are still waiting; a suspended partner's stay where they were.
      if (roll < 0.5) Object.assign(registration, { status: R.UNDER_REVIEW, reviewedBy: cm });
    } else if (roll < 0.55) {
      const until = protectionEnd(decidedAt);
      const taken = approvals.some(
        (a) => a.from < until && decidedAt < a.until && sameProspect(a.claim, registration),
      );
      if (taken) {
        Object.assign(registration, decide(R.REJECTED, cm, decidedAt, REJECT_REASONS[1]));
      } else {
        Object.assign(registration, decide(until <= PRM_DEMO_NOW ? R.EXPIRED : R.APPROVED, cm, decidedAt), {
          approvedAt: decidedAt,
          approvedBy: cm,
          protectedUntil: until,
        });
        approvals.push({ claim: registration, from: decidedAt, until });
      }
    } else if (roll < 0.7) {
      Object.assign(registration, decide(R.REJECTED, cm, decidedAt, rng.pick(REJECT_REASONS)));
    } else if (roll < 0.82) {
      Object.assign(registration, decide(R.RETURNED, cm, decidedAt, rng.pick(RETURN_REASONS)));
    } else if (roll < 0.9) {
      Object.assign(registration, { status: R.WITHDRAWN });
    } else {
      Object.assign(registration, { status: R.UNDER_REVIEW, reviewedBy: cm });
    }
  }
  addDemoProductLines(registrations, crm?.productPrices ?? []);
  await manager.save(registrations, { chunk: 200 });
}

function decide(status: DealRegistrationStatus, by: string, at: Date, reason: string | null = null) {
  return { status, reviewedBy: by, decidedBy: by, decidedAt: at, decisionReason: reason };
}

function safeDomain(domain: string | null): string | null {
  try {
    return normaliseDomain(domain);
  } catch {
    return null;
  }
}

/**
 * Product lines on every third registration still in review (SUBMITTED or UNDER_REVIEW), at the
 * CRM's list prices in its currency: picked by position, drawing nothing from the shared random
 * source. Approved ones have none, so their CRM deals keep the amounts the demo had.
 */
function addDemoProductLines(
  registrations: DealRegistration[],
  prices: readonly CrmDemoProductPrice[],
): void {
  registrations
    .filter((r) => r.status === R.SUBMITTED || r.status === R.UNDER_REVIEW)
    .forEach((registration, i) => {
      const priced = prices.filter((price) => price.currency === registration.currency);
      if (i % 3 !== 0 || priced.length === 0) return;
      registration.productLines = [priced[i % priced.length], priced[(i + 1) % priced.length]]
        .filter((price, k, all) => all.findIndex((p) => p.id === price.id) === k)
        .map((price, k) => ({
          productId: price.id,
          sku: price.sku,
          name: price.name,
          family: price.family,
          quantity: `${(k + 1) * 5}.00`,
          unitPrice: price.unitPrice,
        }));
    });
}
