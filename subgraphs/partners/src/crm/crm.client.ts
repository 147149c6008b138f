import { subgraphUrl } from '@sales-graph/shared/config';
import type { CampaignInfluenceModel } from '@sales-graph/shared/campaign-influence';
import { domainHash } from '@sales-graph/shared/domain';
import { callSubgraph } from '@sales-graph/shared/subgraph-client';
import { groupBy } from '@sales-graph/shared/group-by';

/**
 * The PRM reads CRM records through the customers subgraph's own API, never its tables, as the
 * read-only SERVICE identity.
 */
export interface CrmClient {
  /** Of these ids, the ones that name an existing record of `type`. */
  existing(type: 'Deal' | 'Lead', ids: readonly string[]): Promise<Set<string>>;
  /**
   * Creates the CRM deal of an approved deal registration under an idempotency key: a retry with
   * the same `externalRef` returns the deal created the first time (SERVICE-only, not public).
   */
  createPartnerSourcedDeal(input: CrmPartnerSourcedDeal): Promise<{ id: string }>;
  /**
   * The ownership (rules of engagement) of the live customers matching each prospect (by `ref`),
   * in one call; a prospect no customer matches is left out.
   */
  prospectOwnership(prospects: readonly CrmProspect[]): Promise<Map<string, CrmOwnership[]>>;
  /** Open CRM deals of the customers matching each prospect (by `ref`), in one call. */
  openDealsForProspects(prospects: readonly CrmProspect[]): Promise<Map<string, string[]>>;
  /** Status, region and industry of these leads (the lead's own, else its customer's); missing ones left out. */
  leadProfiles(ids: readonly string[]): Promise<Map<string, CrmLeadProfile>>;
  /**
   * Creates a CRM lead under an idempotency key: a retry with the same `externalRef` returns the
   * lead created the first time.
   */
  createLead(input: CrmNewLead): Promise<{ id: string }>;
  /**
   * The sales facts of these deals, and the deal each of these leads became (if any), in ONE call
   * (two `_entities` batches in one operation). Missing deals and leads are left out. With
   * `lineItems`, each deal also carries its line items' totals and families (commissions).
   */
  dealFacts(
    dealIds: readonly string[],
    leadIds: readonly string[],
    options?: { lineItems?: boolean },
  ): Promise<CrmDealFacts>;
  /**
   * Sums and counts per partner slot, period and currency of the deals each slot sourced and the
   * deals its leads became, computed by the CRM in SQL, in ONE call (ids sent 16 bytes each).
   */
  dealAggregates(
    slots: readonly CrmSlot[],
    periods: readonly { from: string; to: string }[],
    options?: { sourcedOnly?: boolean },
  ): Promise<CrmDealAggregate[]>;
  /**
   * Applies attribution changes to the CRM's projection (`crm.partner_attributions`), idempotent
   * by (record, role) and version; answers how many rows changed.
   */
  applyAttributions(changes: readonly CrmAttributionChange[]): Promise<number>;
  /** Of these ids, the CRM campaigns that exist (an MDF request's campaign is validated so). */
  existingCampaigns(ids: readonly string[]): Promise<Set<string>>;
  /**
   * The influence totals per currency of these campaigns under `model` (campaigns that do not
   * exist are left out), computed by the CRM in SQL, in ONE call: the return of MDF requests.
   */
  campaignReturns(
    ids: readonly string[],
    model: CampaignInfluenceModel,
  ): Promise<Map<string, CrmCampaignTotal[]>>;
  /** The CRM projection's rows of these records and its total of attributed rows. */
  attributionSnapshot(recordIds: readonly string[]): Promise<CrmAttributionSnapshot>;
  /**
   * The CRM's change feed after `after` (a position), of these feed types (DEAL, LEAD …), at most
   * `limit` events, in ONE call: as `partnerId`'s crmChanges would answer (its row scope and field
   * policy) or, without it, unscoped. `through` is where to read on from (null: nothing new);
   * with `limit` 0 it is the feed's head. `denied` names the types the partner may not read.
   */
  webhookChanges?(input: CrmWebhookChangesInput): Promise<CrmWebhookChanges>;
  /**
   * The live customers whose normalised-domain hash is among `hashes` (account mapping), with
   * their ownership and open deals; sent in batches of at most 10,000 hashes.
   */
  accountOverlap?(hashes: readonly string[]): Promise<CrmOverlapMatch[]>;
  /**
   * The catalogue products of these ids that exist, with their list price in `currency` (the
   * standard price book's), in ONE call; unknown ids are left out (registration product lines).
   */
  catalogueLines?(currency: string, productIds: readonly string[]): Promise<CrmCatalogueLine[]>;
  /** The catalogue's product families (every live product's), in ONE call: commission plans' family rates. */
  catalogueFamilies?(): Promise<string[]>;
  /**
   * The CRM's exchange rate of each (currency, date) pair, the latest effective on or before the
   * date, in the order asked, in ONE call (the CRM owns the rates); `rateToCorporate` null when
   * there is none. Money aggregates of the PRM convert with them.
   */
  exchangeRates?(pairs: readonly { currency: string; at: string }[]): Promise<CrmExchangeRateOn[]>;
  /**
   * Resolves when the customers subgraph says it is ready (`/readyz` answers 200), else rejects:
   * the outbox's cheap probe of whether the CRM answers again.
   */
  ready?(): Promise<void>;
}

export interface CrmWebhookChangesInput {
  after: string;
  types: readonly string[];
  limit: number;
  partnerId?: string | null;
  partnerStatus?: string | null;
}

/** One CRM change event as the CRM feed names it (`type` is the feed's type: DEAL, LEAD …). */
export interface CrmChangeEvent {
  position: string;
  type: string;
  id: string;
  op: 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'MERGED';
  changedFields: string[];
  mergedInto: string | null;
  occurredAt: string;
}

export interface CrmWebhookChanges {
  changes: CrmChangeEvent[];
  through: string | null;
  /** Types asked the partner may not read (then nothing is read). */
  denied: string[];
  /** Retention purged events after `after`. */
  expired: boolean;
}

/** A CRM product as a registration's product line is checked against it. */
export interface CrmExchangeRateOn {
  currency: string;
  at: string;
  /** Units of the corporate currency per unit; null when no rate is effective on or before `at`. */
  rateToCorporate: string | null;
  effectiveDate: string | null;
}

export interface CrmCatalogueLine {
  id: string;
  sku: string;
  name: string;
  family: string | null;
  active: boolean;
  /** Its price in the standard book of the asked currency; null when it has none there. */
  listPrice: string | null;
}

/** A registration's product line as the CRM deal gets it (a line item). */
export interface CrmDealLineItem {
  productId: string;
  quantity: string;
  unitPrice: string;
}

export interface CrmPartnerSourcedDeal {
  externalRef: string;
  /** The partner that sourced it (the CRM's attribution projection records it with the deal). */
  partnerId?: string;
  /** The id the deal is created with (chosen by the PRM, which records its partner first). */
  id?: string;
  customerDomain: string | null;
  customerName: string;
  title: string;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  /** The registration's product lines: the deal's line items (its amount is their sum). */
  lineItems?: CrmDealLineItem[];
}

export interface CrmProspect {
  ref: string;
  domain: string | null;
  name: string;
}

/** What the PRM needs of a CRM deal to track partner sales and commissions. */
export interface CrmDeal {
  id: string;
  /** Decimal string with two decimals, e.g. "12500.00". */
  amount: string;
  currency: string;
  stage: string;
  closedAt: string | null;
  createdAt: string;
  /** Its line items' totals and product families (commission per family); empty for a deal priced by hand. */
  lineItems?: CrmDealLine[] | null;
}

/** One line item of a CRM deal as commissions read it. */
export interface CrmDealLine {
  total: string;
  product: { family: string | null } | null;
}

export interface CrmDealFacts {
  deals: Map<string, CrmDeal>;
  /** Lead id → the deal it became. */
  leadDeals: Map<string, CrmDeal>;
}

/**
 * One partner's attributions, as the PRM sends them for aggregation: the ids, or (`partnerId`)
 * the partner whose attributions the CRM reads from its projection.
 */
export interface CrmSlot {
  dealIds: readonly string[];
  leadIds: readonly string[];
  partnerId?: string;
}

/** One (record, role) of an attribution at one PRM version, for the CRM's projection. */
export interface CrmAttributionChange {
  recordId: string;
  role: 'SOURCED' | 'ASSIGNED' | 'REFERRED';
  partnerId: string | null;
  /** Decimal digits (a bigint). */
  version: string;
  attributedAt: string;
}

export interface CrmAttributionSnapshot {
  rows: { recordId: string; role: string; partnerId: string | null; version: string }[];
  attributed: number;
}

/** One slot, period and currency of `dealAggregates` (amounts exact decimal strings). */
export interface CrmDealAggregate {
  slot: number;
  period: number;
  currency: string;
  sourcedDeals: number;
  influencedDeals: number;
  sourcedPipeline: string;
  influencedPipeline: string;
  wonRevenue: string;
  influencedWonRevenue: string;
  dealsWon: number;
  dealsLost: number;
}

/** A campaign's influence in one currency, as the CRM answers it (amounts exact decimal strings). */
export interface CrmCampaignTotal {
  currency: string;
  pipeline: string;
  wonRevenue: string;
  deals: number;
  openDeals: number;
  wonDeals: number;
}

/** uuids as one base64 string of their 16 bytes each (22 characters an id instead of ~60 as JSON). */
export function packIds(ids: readonly string[]): string {
  return Buffer.from(ids.map((id) => id.replace(/-/g, '')).join(''), 'hex').toString('base64');
}

const AGGREGATE_FIELDS =
  'slot period currency sourcedDeals influencedDeals sourcedPipeline influencedPipeline wonRevenue influencedWonRevenue dealsWon dealsLost';

/** Hashes per account-overlap call (the CRM's bound). */
const OVERLAP_BATCH = 10_000;
const DEAL_FIELDS = 'id amount currency stage closedAt createdAt';
/** With `lineItems: true`: what commissions per product family need of each deal's lines. */
const LINE_FIELDS = 'lineItems { total product { family } }';

/** A customer's ownership under the rules of engagement, as the CRM answers it. */
export interface CrmOwnership {
  ownership: 'DIRECT' | 'CHANNEL' | 'SHARED';
  ownerPartnerId: string | null;
}

/** A customer matching an account-mapping hash, as the CRM answers it. */
export interface CrmOverlapMatch extends CrmOwnership {
  customerId: string;
  name: string;
  domainHash: string;
  openDeals: number;
  openAmounts: { currency: string; amount: string }[];
}

/** What lead routing needs to know of a CRM lead. */
export interface CrmLeadProfile {
  id: string;
  status: string;
  region: string | null;
  industry: string | null;
  /** The ownership of the lead's customer; null for a lead without one (open to partners). */
  ownership: CrmOwnership | null;
  /** The account-mapping hash of its customer's domain (`shared/src/domain.ts`); null without one. */
  accountDomainHash?: string | null;
}

export interface CrmNewLead {
  name: string;
  company: string | null;
  email: string | null;
  source: 'PARTNER';
  externalRef: string;
}

type LeadProfileRow = {
  id: string;
  status: string;
  region: string | null;
  industry: string | null;
  customer:
    ({ region: string | null; industry: string | null; domain?: string | null } & CrmOwnership) | null;
};

export function httpCrmClient(url: () => string = () => subgraphUrl('customers')): CrmClient {
  return {
    async existing(type, ids) {
      if (ids.length === 0) return new Set();
      const data = await callSubgraph<{ _entities: ({ id: string } | null)[] }>(
        'partners',
        'customers',
        url(),
        `query Exists($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`,
        { r: ids.map((id) => ({ __typename: type, id })) },
      );
      return new Set(data._entities.filter((e): e is { id: string } => e !== null).map((e) => e.id));
    },
    async createPartnerSourcedDeal(input) {
      const data = await callSubgraph<{ createPartnerSourcedDeal: { id: string } }>(
        'partners',
        'customers',
        url(),
        `mutation PartnerSourcedDeal($input: PartnerSourcedDealInput!) {
          createPartnerSourcedDeal(input: $input) { id } }`,
        { input },
      );
      return data.createPartnerSourcedDeal;
    },
    async exchangeRates(pairs) {
      if (pairs.length === 0) return [];
      const data = await callSubgraph<{ exchangeRatesOn: CrmExchangeRateOn[] }>(
        'partners',
        'customers',
        url(),
        `query ExchangeRatesOn($pairs: [ExchangeRatePairInput!]!) {
          exchangeRatesOn(pairs: $pairs) { currency at rateToCorporate effectiveDate } }`,
        { pairs: pairs.map(({ currency, at }) => ({ currency, at })) },
      );
      return data.exchangeRatesOn;
    },
    async catalogueLines(currency, productIds) {
      if (productIds.length === 0) return [];
      const data = await callSubgraph<{ catalogueLines: CrmCatalogueLine[] }>(
        'partners',
        'customers',
        url(),
        `query CatalogueLines($currency: String!, $ids: [ID!]!) {
          catalogueLines(currency: $currency, productIds: $ids) { id sku name family active listPrice } }`,
        { currency, ids: productIds },
      );
      return data.catalogueLines;
    },
    async catalogueFamilies() {
      const data = await callSubgraph<{ catalogueFamilies: string[] }>(
        'partners',
        'customers',
        url(),
        `query CatalogueFamilies { catalogueFamilies }`,
        {},
      );
      return data.catalogueFamilies;
    },
    async webhookChanges(input) {
      const data = await callSubgraph<{ crmChangesForWebhooks: CrmWebhookChanges }>(
        'partners',
        'customers',
        url(),
        `query WebhookChanges($after: String!, $types: [CrmChangeType!]!, $limit: Int!, $partnerId: ID, $status: String) {
          crmChangesForWebhooks(after: $after, types: $types, limit: $limit, partnerId: $partnerId, partnerStatus: $status) {
            changes { position type id op changedFields mergedInto occurredAt } through denied expired } }`,
        {
          after: input.after,
          types: input.types,
          limit: input.limit,
          partnerId: input.partnerId ?? null,
          status: input.partnerStatus ?? null,
        },
      );
      return data.crmChangesForWebhooks;
    },
    async ready() {
      const ready = new URL('/readyz', url());
      const response = await fetch(ready, { signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      if (!response.ok)
        throw new Error(`The CRM is not ready (${ready.pathname} answered ${response.status})`);
    },
    async prospectOwnership(prospects) {
      const owners = new Map<string, CrmOwnership[]>();
      if (prospects.length === 0) return owners;
      const data = await callSubgraph<{ customerOwnershipForProspects: ({ ref: string } & CrmOwnership)[] }>(
        'partners',
        'customers',
        url(),
        `query ProspectOwnership($p: [ProspectInput!]!) {
          customerOwnershipForProspects(prospects: $p) { ref ownership ownerPartnerId } }`,
        { p: prospects },
      );
      for (const [ref, rows] of groupBy(data.customerOwnershipForProspects, (row) => row.ref)) {
        owners.set(
          ref,
          rows.map(({ ownership, ownerPartnerId }) => ({ ownership, ownerPartnerId })),
        );
      }
      return owners;
    },
    async openDealsForProspects(prospects) {
      if (prospects.length === 0) return new Map();
      const data = await callSubgraph<{ openDealsForProspects: { ref: string; dealIds: string[] }[] }>(
        'partners',
        'customers',
        url(),
        `query OpenDeals($p: [ProspectInput!]!) { openDealsForProspects(prospects: $p) { ref dealIds } }`,
        { p: prospects },
      );
      return new Map(data.openDealsForProspects.map((row) => [row.ref, row.dealIds]));
    },
    async dealFacts(dealIds, leadIds, options = {}) {
      const fields = options.lineItems ? `${DEAL_FIELDS} ${LINE_FIELDS}` : DEAL_FIELDS;
      const facts: CrmDealFacts = { deals: new Map(), leadDeals: new Map() };
      if (dealIds.length === 0 && leadIds.length === 0) return facts;
      const data = await callSubgraph<{
        deals: (CrmDeal | null)[];
        leads: ({ id: string; deal: CrmDeal | null } | null)[];
      }>(
        'partners',
        'customers',
        url(),
        `query DealFacts($d: [_Any!]!, $l: [_Any!]!) {
          deals: _entities(representations: $d) { ... on Deal { ${fields} } }
          leads: _entities(representations: $l) { ... on Lead { id deal { ${fields} } } }
        }`,
        {
          d: dealIds.map((id) => ({ __typename: 'Deal', id })),
          l: leadIds.map((id) => ({ __typename: 'Lead', id })),
        },
      );
      for (const deal of data.deals) if (deal) facts.deals.set(deal.id, deal);
      for (const lead of data.leads) if (lead?.deal) facts.leadDeals.set(lead.id, lead.deal);
      return facts;
    },
    async applyAttributions(changes) {
      if (changes.length === 0) return 0;
      const data = await callSubgraph<{ applyPartnerAttributions: number }>(
        'partners',
        'customers',
        url(),
        `mutation ApplyAttributions($c: [PartnerAttributionChangeInput!]!) { applyPartnerAttributions(changes: $c) }`,
        { c: changes },
      );
      return data.applyPartnerAttributions;
    },
    async existingCampaigns(ids) {
      if (ids.length === 0) return new Set();
      const data = await callSubgraph<{ existingCampaignsForMdf: string[] }>(
        'partners',
        'customers',
        url(),
        `query ExistingCampaigns($ids: [ID!]!) { existingCampaignsForMdf(campaignIds: $ids) }`,
        { ids },
      );
      return new Set(data.existingCampaignsForMdf);
    },
    async campaignReturns(ids, model) {
      const returns = new Map<string, CrmCampaignTotal[]>();
      if (ids.length === 0) return returns;
      const data = await callSubgraph<{
        campaignReturnsForMdf: { campaignId: string; totals: CrmCampaignTotal[] }[];
      }>(
        'partners',
        'customers',
        url(),
        `query CampaignReturns($ids: [ID!]!, $model: CampaignInfluenceModel!) {
          campaignReturnsForMdf(campaignIds: $ids, model: $model) {
            campaignId totals { currency pipeline wonRevenue deals openDeals wonDeals } } }`,
        { ids, model },
      );
      for (const row of data.campaignReturnsForMdf) returns.set(row.campaignId, row.totals);
      return returns;
    },
    async attributionSnapshot(recordIds) {
      const data = await callSubgraph<{ partnerAttributionSnapshot: CrmAttributionSnapshot }>(
        'partners',
        'customers',
        url(),
        `query AttributionSnapshot($r: [ID!]!) {
          partnerAttributionSnapshot(recordIds: $r) { rows { recordId role partnerId version } attributed } }`,
        { r: recordIds },
      );
      return data.partnerAttributionSnapshot;
    },
    async dealAggregates(slots, periods, options = {}) {
      if (slots.length === 0 || periods.length === 0) return [];
      const data = await callSubgraph<{ partnerDealAggregates: CrmDealAggregate[] }>(
        'partners',
        'customers',
        url(),
        `query DealAggregates($input: PartnerDealAggregatesInput!) {
          partnerDealAggregates(input: $input) { ${AGGREGATE_FIELDS} } }`,
        {
          input: {
            dealIds: packIds(slots.flatMap((slot) => slot.dealIds)),
            dealCounts: slots.map((slot) => slot.dealIds.length),
            leadIds: packIds(slots.flatMap((slot) => slot.leadIds)),
            leadCounts: slots.map((slot) => slot.leadIds.length),
            periods: periods.map(({ from, to }) => ({ from, to })),
            partnerIds: slots.map((slot) => slot.partnerId ?? null),
            sourcedOnly: options.sourcedOnly === true,
          },
        },
      );
      return data.partnerDealAggregates;
    },
    async leadProfiles(ids) {
      const profiles = new Map<string, CrmLeadProfile>();
      if (ids.length === 0) return profiles;
      const data = await callSubgraph<{ _entities: (LeadProfileRow | null)[] }>(
        'partners',
        'customers',
        url(),
        `query LeadProfiles($r: [_Any!]!) { _entities(representations: $r) {
          ... on Lead { id status region industry customer { region industry ownership ownerPartnerId domain } } } }`,
        { r: ids.map((id) => ({ __typename: 'Lead', id })) },
      );
      for (const lead of data._entities) {
        if (!lead) continue;
        profiles.set(lead.id, {
          id: lead.id,
          status: lead.status,
          region: lead.region ?? lead.customer?.region ?? null,
          industry: lead.industry ?? lead.customer?.industry ?? null,
          ownership: lead.customer
            ? { ownership: lead.customer.ownership, ownerPartnerId: lead.customer.ownerPartnerId }
            : null,
          accountDomainHash: lead.customer?.domain ? domainHash(lead.customer.domain) : null,
        });
      }
      return profiles;
    },
    async accountOverlap(hashes) {
      const matches: CrmOverlapMatch[] = [];
      for (let i = 0; i < hashes.length; i += OVERLAP_BATCH) {
        const data = await callSubgraph<{ accountOverlap: CrmOverlapMatch[] }>(
          'partners',
          'customers',
          url(),
          `query AccountOverlap($h: [String!]!) { accountOverlap(hashes: $h) {
            customerId name domainHash ownership ownerPartnerId openDeals openAmounts { currency amount } } }`,
          { h: hashes.slice(i, i + OVERLAP_BATCH) },
        );
        matches.push(...data.accountOverlap);
      }
      return matches;
    },
    async createLead(input) {
      const data = await callSubgraph<{ createLead: { id: string } }>(
        'partners',
        'customers',
        url(),
        `mutation CreateReferredLead($input: CreateLeadInput!) { createLead(input: $input) { id } }`,
        { input },
      );
      return data.createLead;
    },
  };
}
