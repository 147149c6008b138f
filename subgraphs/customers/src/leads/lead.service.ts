import { In, type EntityManager } from 'typeorm';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { RequestContext } from '@sales-graph/shared/context';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { LeadFilter, LEAD_SEARCH } from './lead.filter';
import { emit } from '@sales-graph/shared/events/events';
import { ForbiddenError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { intInRange, optionalEmail, optionalText, requiredText } from '@sales-graph/shared/validation';
import { getCustomer } from '../customers';
import { Lead, LeadStatus } from './lead.entity';
import type { CreateLeadInput } from './lead.input';
import { assertInitialStatus, planConsent } from './lead.rules';
import { leadScore } from './lead.scoring';
import type { LeadEvents } from './lead.events';

export const leadRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Lead);

/** A customer's leads, a page of them (batched across customers; the row scope applies). */
export function leadsOfCustomer(
  ctx: RequestContext,
  customerId: string,
  args: ConnectionArgs,
): Promise<Connection<Lead>> {
  return ctx.loaders.connection(leadRepo(ctx), 'customerId', args).load(customerId);
}

/** The lead if it exists and the caller may see it. */
export async function findLead(ctx: RequestContext, id: string): Promise<Lead | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(leadRepo(ctx)).load(id.toLowerCase());
}

export async function getLead(ctx: RequestContext, id: string): Promise<Lead> {
  const lead = await findLead(ctx, id);
  if (!lead) throw new NotFoundError('Lead', id);
  return lead;
}

/**
 * The lead already created under this idempotency key, if any. Only another subgraph (the SERVICE
 * identity) may set a key, so no user can claim or probe another system's keys.
 */
async function leadByExternalRef(ctx: RequestContext, key: string | null | undefined): Promise<Lead | null> {
  if (key == null) return null;
  if (ctx.identity.role !== 'SERVICE') throw new ForbiddenError('Only a service may set externalRef');
  return leadRepo(ctx).findOneBy({ externalRef: requiredText(key, 'externalRef', 200) });
}

export async function createLead(ctx: RequestContext, input: CreateLeadInput): Promise<Lead> {
  const existing = await leadByExternalRef(ctx, input.externalRef);
  if (existing) return existing;
  const externalRef = input.externalRef ?? null;
  const values = {
    name: requiredText(input.name, 'name'),
    company: optionalText(input.company, 'company'),
    email: optionalEmail(input.email),
    source: input.source,
    status: input.status ?? LeadStatus.NEW,
    industry: optionalText(input.industry, 'industry', 100),
    region: optionalText(input.region, 'region', 100),
    ...planConsent(input, new Date()),
  };
  assertInitialStatus(values.status);
  // The deprecated `score` input is still validated (old clients), then ignored for the rules' score.
  if (input.score !== null && input.score !== undefined) intInRange(input.score, 'score', 0, 100);
  // A new lead has no activities yet: its score is its fit (see lead.scoring.ts).
  const score = leadScore(values, {});
  const customerId = input.customerId ? (await getCustomer(ctx, input.customerId)).id : null;
  // The lead and its reactions (automation rules) commit together.
  return ctx.dataSource.transaction(async (manager) => {
    const lead = await manager.save(
      manager.create(Lead, { ...values, score, customerId, externalRef, createdBy: ctx.identity.sub }),
    );
    await emit<LeadEvents>(manager, { type: 'LeadCreated', lead, by: ctx.identity.sub });
    // As the reactions left it (owner, score).
    return manager.findOneByOrFail(Lead, { id: lead.id });
  });
}

/** `leads(filter, orderBy, search)`: one page for the caller, in creation order unless `orderBy` says otherwise. */
export async function listLeads(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Lead>> {
  const repo = leadRepo(ctx);
  const qb = repo.createQueryBuilder('lead');
  // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Lead', filterType: LeadFilter, searchIn: LEAD_SEARCH },
    args,
    query,
  );
}

/** In `manager`'s transaction: the live leads of `ids`. */
export function leadsIn(manager: EntityManager, ids: string[]): Promise<Lead[]> {
  return ids.length ? manager.find(Lead, { where: { id: In(ids) } }) : Promise.resolve([]);
}

/** In `manager`'s transaction: the live lead, if any. */
export function leadIn(manager: EntityManager, id: string): Promise<Lead | null> {
  return manager.findOne(Lead, { where: { id } });
}

/** In `manager`'s transaction: the lead's score as stored now. */
export async function storedLeadScore(manager: EntityManager, id: string): Promise<number> {
  return (await manager.findOneByOrFail(Lead, { id })).score;
}

/** In `manager`'s transaction: withdraws a live lead's consent (an unsubscribe), if it gave it. */
export async function withdrawLeadConsent(manager: EntityManager, id: string): Promise<void> {
  const lead = await manager.findOne(Lead, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (lead?.consentGiven) {
    lead.consentGiven = false;
    await manager.save(lead);
  }
}
