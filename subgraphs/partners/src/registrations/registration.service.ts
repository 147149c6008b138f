import { listPage } from '@sales-graph/shared/graphql/list-page';
import { systemMark } from '@sales-graph/shared/access/scope';
import { Brackets, In, type EntityManager } from 'typeorm';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { positiveAmount } from '@sales-graph/shared/money';
import { normaliseDomain, optionalText, requiredText } from '@sales-graph/shared/validation';
import type { PartnersContext } from '../context.type';
import { PartnerStatus, lockPartner } from '../partners';
import { scopedPartnerId } from '../training';
import { DealRegistration, DealRegistrationStatus } from './registration.entity';
import { DEAL_REGISTRATION_LIST, type DealRegistrationFilter } from './registration.filter';
import type { RegisterDealInput, UpdateDealRegistrationInput } from './registration.input';
import { checkCrmConflicts, enqueueRegistrationDeal } from './registration-deal.service';
import { engagementOf } from './engagement.check';
import type { RegistrationProductLine, RegistrationProductLineInput } from './registration-product-line';
import { planProductLineInputs, productLinesFromCatalogue } from './registration-product-line.rules';
import { isFlagged } from './engagement.rules';
import {
  assertEditable,
  assertExpectedCloseDate,
  assertRegistrationTransition,
  findConflicts,
  LIVE,
  normaliseProducts,
  protectionEnd,
  repeatsRegistrationMove,
} from './registration.rules';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';

const R = DealRegistrationStatus;

export const registrationRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(DealRegistration);

/** A registration the caller may see (a partner user: only its own partner's), else null. */
export async function findRegistration(ctx: PartnersContext, id: string): Promise<DealRegistration | null> {
  return ctx.loaders.byId(registrationRepo(ctx)).load(id);
}

export async function getRegistration(ctx: PartnersContext, id: string): Promise<DealRegistration> {
  const registration = await findRegistration(ctx, assertId('DealRegistration', id));
  if (!registration) throw new NotFoundError('DealRegistration', id);
  return registration;
}

/**
 * A page of registrations with the caller's filter, search and order, through its row scope (a
 * partner user: its own partner's only, whatever partner its filter names).
 */
export async function listRegistrations(
  ctx: PartnersContext,
  args: ConnectionArgs,
  list: ListQueryArgs & { filter?: DealRegistrationFilter | null },
): Promise<Connection<DealRegistration>> {
  const repo = registrationRepo(ctx);
  const qb = repo.createQueryBuilder('registration');
  // A blank prospectDomain has always meant "any domain", not "no domain".
  const filter =
    list.filter && typeof list.filter.prospectDomain === 'string' && list.filter.prospectDomain.trim() === ''
      ? { ...list.filter, prospectDomain: undefined }
      : list.filter;
  return listPage(ctx, repo, qb, DEAL_REGISTRATION_LIST, args, { ...list, filter });
}

/** A partner's registrations, oldest first: one batched statement for many partners. */
export function partnerRegistrations(
  ctx: PartnersContext,
  partnerId: string,
  args: ConnectionArgs,
): Promise<Connection<DealRegistration>> {
  return ctx.loaders.connection(registrationRepo(ctx), 'partnerId', args).load(partnerId);
}

/** The live conflicts of a registration the caller may see (a partner user: its own partner's). */
export async function visibleConflicts(
  ctx: PartnersContext,
  registration: DealRegistration,
): Promise<DealRegistration[]> {
  const conflicts = await conflictsLoader(ctx).load(registration);
  return ctx.scope.filter('DealRegistration', conflicts);
}

/** A prospect's company name and domain, validated and normalised as conflict detection matches them. */
export function prospect(name: string, domain: string | null | undefined) {
  const prospectCompanyName = requiredText(name, 'prospectCompanyName');
  const prospectCompanyKey = normaliseCompanyName(prospectCompanyName);
  if (prospectCompanyKey === '') {
    throw new BadUserInputError('prospectCompanyName must contain letters or digits', 'prospectCompanyName');
  }
  return {
    prospectCompanyName,
    prospectCompanyKey,
    prospectDomain: normaliseDomain(domain, 'prospectDomain'),
  };
}

/** Locks a registration for a write; another partner's (or a missing) one is NOT_FOUND. */
export async function lockRegistration(
  ctx: PartnersContext,
  manager: EntityManager,
  id: string,
): Promise<DealRegistration> {
  const registration = await manager.findOne(DealRegistration, {
    where: { id: assertId('DealRegistration', id) },
    lock: { mode: 'pessimistic_write' },
  });
  if (!registration || !(await ctx.scope.allows(DealRegistration, registration)))
    throw new NotFoundError('DealRegistration', id);
  return registration;
}

/**
 * A registration's product lines, checked against the CRM catalogue in ONE call (the existing
 * PRM→CRM client, as SERVICE); none given is null. The CRM not answering is SERVICE_UNAVAILABLE:
 * lines are never stored unchecked.
 */
async function checkProductLines(
  ctx: PartnersContext,
  lines: readonly RegistrationProductLineInput[] | null | undefined,
  currency: string,
): Promise<RegistrationProductLine[] | null> {
  if (!lines?.length) return null;
  const planned = planProductLineInputs(lines);
  if (!ctx.crm.catalogueLines) throw new ServiceUnavailableError('The CRM catalogue cannot be reached');
  const catalogue = await ctx.crm.catalogueLines(
    currency,
    planned.map((line) => line.productId),
  );
  return productLinesFromCatalogue(planned, catalogue, currency);
}

/** An ACTIVE partner registers an opportunity; it is submitted for review at once. */
export async function registerDeal(
  ctx: PartnersContext,
  input: RegisterDealInput,
): Promise<DealRegistration> {
  const partnerId = scopedPartnerId(ctx, input.partnerId);
  const now = new Date();
  const values = {
    ...prospect(input.prospectCompanyName, input.prospectDomain),
    estimatedAmount: positiveAmount(input.estimatedAmount, 'estimatedAmount'),
    currency: parseCurrency(input.currency),
    expectedCloseDate: assertExpectedCloseDate(input.expectedCloseDate, now),
    products: normaliseProducts(input.products),
  };
  const productLines = await checkProductLines(ctx, input.productLines, values.currency);
  // Flagged before it is stored: the rules of engagement, from the CRM's ownership of the prospect.
  const engagementConflict = await engagementOf(ctx, partnerId, values);
  return ctx.dataSource.transaction(async (manager) => {
    const partner = await lockPartner(ctx, manager, partnerId);
    if (partner.status !== PartnerStatus.ACTIVE) {
      throw new ConflictError(
        `Only ACTIVE partners register deals (this one is ${partner.status})`,
        'partnerId',
      );
    }
    return manager.save(
      manager.create(DealRegistration, {
        ...values,
        productLines,
        partnerId,
        status: R.SUBMITTED,
        submittedAt: now,
        engagementConflict,
        createdBy: ctx.identity.sub,
      }),
    );
  });
}

/** Edits a SUBMITTED or RETURNED registration. */
export async function updateDealRegistration(
  ctx: PartnersContext,
  id: string,
  input: UpdateDealRegistrationInput,
): Promise<DealRegistration> {
  const registrationId = assertId('DealRegistration', id);
  const changes: Partial<DealRegistration> = {};
  if (input.estimatedAmount != null)
    changes.estimatedAmount = positiveAmount(input.estimatedAmount, 'estimatedAmount');
  if (input.currency != null) changes.currency = parseCurrency(input.currency);
  if (input.expectedCloseDate != null) {
    changes.expectedCloseDate = assertExpectedCloseDate(input.expectedCloseDate, new Date());
  }
  if (input.products != null) changes.products = normaliseProducts(input.products);
  const name = input.prospectCompanyName != null ? prospect(input.prospectCompanyName, null) : null;
  const domain =
    input.prospectDomain === undefined ? undefined : normaliseDomain(input.prospectDomain, 'prospectDomain');
  // A new prospect name or domain is flagged again (the CRM asked before the transaction).
  let engagement: Pick<DealRegistration, 'engagementConflict'> | null = null;
  if (name || domain !== undefined) {
    const current = await getRegistration(ctx, registrationId);
    engagement = {
      engagementConflict: await engagementOf(ctx, current.partnerId, {
        prospectCompanyName: name?.prospectCompanyName ?? current.prospectCompanyName,
        prospectDomain: domain === undefined ? current.prospectDomain : domain,
      }),
    };
  }
  return ctx.dataSource.transaction(async (manager) => {
    const registration = await lockRegistration(ctx, manager, registrationId);
    assertEditable(registration.status);
    if (engagement) Object.assign(changes, engagement);
    if (name)
      Object.assign(changes, {
        prospectCompanyName: name.prospectCompanyName,
        prospectCompanyKey: name.prospectCompanyKey,
      });
    if (domain !== undefined) changes.prospectDomain = domain;
    Object.assign(registration, changes);
    return manager.save(registration);
  });
}

type Decision = { reason?: string | null; overrideConflicts?: boolean | null };

/**
 * Moves a registration through its state machine in one transaction, with what each move
 * records: who reviewed, who approved and until when the partner is protected, why it was
 * rejected or returned.
 */
export async function moveRegistration(
  ctx: PartnersContext,
  id: string,
  to: DealRegistrationStatus,
  { reason: reasonInput, overrideConflicts }: Decision = {},
): Promise<DealRegistration> {
  const registrationId = assertId('DealRegistration', id);
  const needsReason = to === R.REJECTED || to === R.RETURNED;
  const reason = to === R.APPROVED ? null : optionalText(reasonInput, 'reason', 1000);
  if (needsReason && reason === null)
    throw new BadUserInputError(`A reason is required to move to ${to}`, 'reason');
  // An approval first checks the CRM for open deals of the same customer (outside the transaction:
  // it is a call to another service); a registration that cannot be approved is refused first.
  let crmCheck: Awaited<ReturnType<typeof checkCrmConflicts>> | null = null;
  let engagement: Partial<DealRegistration> = {};
  if (to === R.APPROVED) {
    const current = await getRegistration(ctx, registrationId);
    if (repeatsRegistrationMove(current, to, reason)) return current;
    assertRegistrationTransition(current.status, to);
    crmCheck = await checkCrmConflicts(ctx, current, overrideConflicts === true, reasonInput);
    engagement = await engagementApproval(ctx, current, overrideConflicts === true, reasonInput);
  }
  return ctx.dataSource.transaction(async (manager) => {
    const registration = await lockRegistration(ctx, manager, registrationId);
    if (repeatsRegistrationMove(registration, to, reason)) return registration;
    assertRegistrationTransition(registration.status, to);
    const now = new Date();
    const by = ctx.identity.sub;
    if (to === R.SUBMITTED) Object.assign(registration, { submittedAt: now });
    if (to === R.UNDER_REVIEW) Object.assign(registration, { reviewedBy: by });
    if (needsReason) Object.assign(registration, { decisionReason: reason, decidedAt: now, decidedBy: by });
    if (to === R.APPROVED) {
      await assertNoApprovedConflict(manager, registration, now);
      Object.assign(registration, {
        approvedAt: now,
        approvedBy: by,
        protectedUntil: protectionEnd(now),
        decisionReason: null,
        decidedAt: now,
        decidedBy: by,
        ...crmCheck,
        ...engagement,
        ...(engagement.engagementOverrideReason
          ? { engagementOverriddenBy: by, engagementOverriddenAt: now }
          : {}),
      });
    }
    registration.status = to;
    const saved = await manager.save(registration);
    // The CRM deal follows through the outbox: committed with the approval, or not at all.
    if (to === R.APPROVED) await enqueueRegistrationDeal(manager, saved);
    return saved;
  });
}

/**
 * The rules-of-engagement side of an approval: a registration flagged at submission (or, never
 * checked, flagged now) is approved only with `overrideConflicts: true` and a reason (CONFLICT
 * otherwise); the override is recorded with the approval (who, when, why; the audit log too).
 */
async function engagementApproval(
  ctx: PartnersContext,
  registration: DealRegistration,
  overrideConflicts: boolean,
  reasonInput: string | null | undefined,
): Promise<Partial<DealRegistration>> {
  const flag =
    registration.engagementConflict ?? (await engagementOf(ctx, registration.partnerId, registration));
  if (!isFlagged(flag)) return { engagementConflict: flag };
  if (!overrideConflicts) {
    throw new ConflictError(
      `This registration is flagged by the rules of engagement (${flag}); approve with overrideConflicts: true and a reason to go ahead`,
      'id',
      { engagementConflict: flag },
    );
  }
  return {
    engagementConflict: flag,
    engagementOverrideReason: requiredText(reasonInput ?? '', 'reason', 1000),
  };
}

/**
 * Only one partner is protected on a prospect at a time: approving while another approval is
 * live for the same domain or company name is refused. Approvals of the same prospect are
 * serialised with transaction-scoped advisory locks on its keys.
 */
async function assertNoApprovedConflict(manager: EntityManager, registration: DealRegistration, now: Date) {
  const keys = [`prm.registration.company:${registration.prospectCompanyKey}`];
  if (registration.prospectDomain) keys.push(`prm.registration.domain:${registration.prospectDomain}`);
  for (const key of keys.sort()) await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  const approved = await liveCandidates(manager, [registration], [R.APPROVED]);
  const conflict = findConflicts(registration, approved, now)[0];
  if (conflict) {
    throw new ConflictError(
      `Another partner's registration for this prospect is already approved (protected until ${conflict.protectedUntil?.toISOString()})`,
      'id',
      { conflictingRegistrationId: conflict.id },
    );
  }
}

/** Registrations in `statuses` that share a domain or company name with any of `registrations`. */
export function liveCandidates(
  manager: EntityManager,
  registrations: readonly Pick<DealRegistration, 'prospectDomain' | 'prospectCompanyKey'>[],
  statuses: readonly DealRegistrationStatus[] = LIVE,
): Promise<DealRegistration[]> {
  const domains = [
    ...new Set(registrations.map((r) => r.prospectDomain).filter((d): d is string => d !== null)),
  ];
  const companyKeys = [...new Set(registrations.map((r) => r.prospectCompanyKey))];
  // Conflicts span every partner: a rule's read, never returned unfiltered (see `conflicts`).
  return manager
    .createQueryBuilder(DealRegistration, 'registration')
    .comment(systemMark('registration conflict check'))
    .where({ status: In([...statuses]) })
    .andWhere(
      new Brackets((qb) => {
        qb.where('registration.prospect_company_key = ANY(:companyKeys)', { companyKeys });
        if (domains.length > 0) qb.orWhere('registration.prospect_domain = ANY(:domains)', { domains });
      }),
    )
    .orderBy('registration.created_at', 'ASC')
    .addOrderBy('registration.id', 'ASC')
    .getMany();
}

/** Conflicts of many registrations at once: one statement per batch (DataLoader). */
export const conflictsLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<DealRegistration, DealRegistration[]>(
    'DealRegistration.conflicts',
    async (registrations) => {
      const candidates = await liveCandidates(ctx.dataSource.manager, registrations);
      const now = new Date();
      return registrations.map((registration) => findConflicts(registration, candidates, now));
    },
  );
