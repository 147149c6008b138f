import { randomUUID } from 'node:crypto';
import { In, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, ServiceUnavailableError } from '@sales-graph/shared/errors';
import { enqueue, type OutboxHandler, type OutboxHandlers } from '@sales-graph/shared/outbox/outbox';
import { targetOf } from '@sales-graph/shared/outbox/outbox.rules';
import { currentRequest } from '@sales-graph/shared/http';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { CRM_DEAL } from '../access';
import { confirmDealAttribution, recordPendingDealAttribution } from '../attribution';
import type { PartnersContext } from '../context.type';
import type { CrmClient, CrmPartnerSourcedDeal } from '../crm';
import { CrmConflictCheck, DealRegistration, DealRegistrationStatus } from './registration.entity';
import { assertRegistrationTransition, hasExpired } from './registration.rules';
import {
  assertExtension,
  CREATE_DEAL_TOPIC,
  dealKey,
  dealProgressed,
  dealTitle,
} from './registration-deal.rules';

const R = DealRegistrationStatus;

/** What the outbox carries to create a registration's CRM deal (a snapshot taken at approval). */
export interface RegistrationDealPayload {
  registrationId: string;
  partnerId: string;
  /**
   * The id the CRM deal is created with, chosen at approval, when its attribution is recorded
   * (absent in messages recorded before attributions were: their attribution follows the deal).
   */
  dealId?: string;
  deal: Omit<CrmPartnerSourcedDeal, 'externalRef' | 'id'>;
}

/**
 * Records, in the approval's own transaction, that the registration's CRM deal is to be created
 * (the deal follows if and only if the approval commits), and, in the same transaction, the
 * partner that sourced it, under the deal id chosen here (a pending attribution): the CRM deal
 * never exists, not for a moment, without its partner. Keyed by the registration, so a second
 * enqueue (a re-run) adds nothing. `dealId` and the attribution's id are random (the demo seed
 * passes deterministic ones).
 */
export async function enqueueRegistrationDeal(
  manager: EntityManager,
  registration: DealRegistration,
  dealId: string = randomUUID(),
  attributionId?: string,
): Promise<boolean> {
  const payload: RegistrationDealPayload = {
    registrationId: registration.id,
    partnerId: registration.partnerId,
    dealId,
    deal: {
      customerDomain: registration.prospectDomain,
      customerName: registration.prospectCompanyName,
      title: dealTitle(registration.prospectCompanyName, registration.products),
      amount: registration.estimatedAmount,
      currency: registration.currency,
      expectedCloseDate: registration.expectedCloseDate,
      ...(registration.productLines?.length
        ? {
            lineItems: registration.productLines.map(({ productId, quantity, unitPrice }) => ({
              productId,
              quantity,
              unitPrice,
            })),
          }
        : {}),
    },
  };
  const queued = await enqueue(manager, CREATE_DEAL_TOPIC, dealKey(registration.id), { ...payload });
  if (queued) {
    await recordPendingDealAttribution(manager, {
      ...(attributionId ? { id: attributionId } : {}),
      dealId,
      partnerId: registration.partnerId,
      by: currentRequest()?.actor?.sub ?? 'service:partners',
    });
  }
  return queued;
}

/** Fault-injection seams of the delivery, for tests (none in production). */
export interface CreateDealFaults {
  /** Runs after the CRM answered with the deal and before the PRM records it (a crash there). */
  afterCrmDeal?: (dealId: string) => void | Promise<void>;
}

/**
 * Delivers CREATE_DEAL_TOPIC: asks the CRM for the deal under the registration's key and the id
 * chosen at approval (the CRM returns the same deal on every retry), then, in one PRM transaction,
 * links it to the registration and confirms its attribution (recorded pending at approval; made
 * now for a message from before that). Running it twice changes nothing the second time.
 */
export function createDealHandler(
  dataSource: DataSource,
  crm: CrmClient,
  faults: CreateDealFaults = {},
): OutboxHandler {
  return async (message) => {
    const payload = message.payload as unknown as RegistrationDealPayload;
    const deal = await crm.createPartnerSourcedDeal({
      externalRef: message.idempotencyKey,
      ...(payload.dealId ? { id: payload.dealId } : {}),
      partnerId: payload.partnerId,
      ...payload.deal,
    });
    await faults.afterCrmDeal?.(deal.id);
    const by = currentRequest()?.actor?.sub ?? 'service:partners:outbox';
    await dataSource.transaction(async (manager) => {
      const registration = await manager.findOne(DealRegistration, {
        where: { id: payload.registrationId },
        withDeleted: true,
        lock: { mode: 'pessimistic_write' },
      });
      if (!registration) throw new Error(`Deal registration ${payload.registrationId} is gone`);
      if (registration.dealId !== deal.id) {
        registration.dealId = deal.id;
        await manager.save(registration);
      }
      // The key had its deal already under another id: the pending attribution follows it.
      await confirmDealAttribution(manager, {
        dealId: deal.id,
        pendingDealId: payload.dealId,
        partnerId: payload.partnerId,
        by,
      });
    });
  };
}

/** The PRM's outbox topics and their handlers (`faults`: test seams only). */
export const prmOutboxHandlers = (
  dataSource: DataSource,
  crm: CrmClient,
  faults: CreateDealFaults = {},
): OutboxHandlers => ({
  [CREATE_DEAL_TOPIC]: createDealHandler(dataSource, crm, faults),
});

/** The readiness probes of the PRM outbox's targets: the CRM's `/readyz` (prompt retry). */
export const prmOutboxProbes = (crm: CrmClient): Record<string, () => Promise<unknown>> =>
  crm.ready ? { [targetOf(CREATE_DEAL_TOPIC)]: () => crm.ready!() } : {};

/**
 * Open CRM deals of the same customer as each registration (read through the CRM's API, one call
 * per batch), other than the registration's own deal. Null when the CRM cannot be reached.
 */
export const crmConflictsLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<DealRegistration, string[] | null>(
    'DealRegistration.crmConflicts',
    async (registrations) => {
      let open: Map<string, string[]>;
      try {
        open = await ctx.crm.openDealsForProspects(
          registrations.map((r) => ({ ref: r.id, domain: r.prospectDomain, name: r.prospectCompanyName })),
        );
      } catch (error) {
        if (error instanceof ServiceUnavailableError) return registrations.map(() => null);
        throw error;
      }
      return registrations.map((r) => (open.get(r.id) ?? []).filter((dealId) => dealId !== r.dealId));
    },
  );

/**
 * The open CRM deals that conflict with a registration, those the caller may read only (a partner
 * user: its own partner's deals); null when the CRM cannot be reached.
 */
export async function visibleCrmConflicts(
  ctx: PartnersContext,
  registration: DealRegistration,
): Promise<{ id: string }[] | null> {
  const dealIds = await crmConflictsLoader(ctx).load(registration);
  if (dealIds === null) return null;
  return ctx.scope.filter(
    CRM_DEAL,
    dealIds.map((id) => ({ id })),
  );
}

export interface ApprovalCheck {
  crmConflictCheck: CrmConflictCheck;
  overriddenDealIds: string[];
  overrideReason: string | null;
}

/**
 * The CRM side of an approval's conflict check, before its transaction: open CRM deals of the
 * same customer refuse the approval unless the approver overrides them with a reason. When the
 * CRM cannot be reached the approval goes ahead, recorded as UNAVAILABLE.
 */
export async function checkCrmConflicts(
  ctx: PartnersContext,
  registration: DealRegistration,
  overrideConflicts: boolean,
  reasonInput: string | null | undefined,
): Promise<ApprovalCheck> {
  const reason = overrideConflicts ? requiredText(reasonInput ?? '', 'reason', 1000) : null;
  if (!overrideConflicts && optionalText(reasonInput, 'reason', 1000) !== null) {
    throw new BadUserInputError('A reason is only taken with overrideConflicts: true', 'reason');
  }
  const conflicting = await crmConflictsLoader(ctx).load(registration);
  if (conflicting === null) {
    return { crmConflictCheck: CrmConflictCheck.UNAVAILABLE, overriddenDealIds: [], overrideReason: reason };
  }
  if (conflicting.length === 0) {
    return { crmConflictCheck: CrmConflictCheck.CLEAR, overriddenDealIds: [], overrideReason: null };
  }
  if (!overrideConflicts) {
    throw new ConflictError(
      `The CRM has ${conflicting.length} open deal(s) for this customer; approve with overrideConflicts: true and a reason to go ahead`,
      'id',
      { conflictingDealIds: conflicting },
    );
  }
  return {
    crmConflictCheck: CrmConflictCheck.OVERRIDDEN,
    overriddenDealIds: conflicting,
    overrideReason: reason,
  };
}

/** Moves the end of an approved registration's protection later (channel managers), with a reason. */
export async function extendRegistration(
  ctx: PartnersContext,
  lock: (manager: EntityManager) => Promise<DealRegistration>,
  until: Date,
  reasonInput: string,
): Promise<DealRegistration> {
  const reason = requiredText(reasonInput, 'reason', 1000);
  return ctx.dataSource.transaction(async (manager) => {
    const registration = await lock(manager);
    const now = new Date();
    Object.assign(registration, {
      protectedUntil: assertExtension(registration, until, now),
      extendedAt: now,
      extendedBy: ctx.identity.sub,
      extensionReason: reason,
    });
    return manager.save(registration);
  });
}

export interface ExpiryRun {
  expired: DealRegistration[];
  /** Protection over, kept APPROVED because their CRM deal progressed past PROSPECTING. */
  keptInProgress: DealRegistration[];
}

/** How many registrations one expiry run looks at (the oldest protection ends first). */
export const EXPIRY_BATCH = 500;

/**
 * Expires the approved registrations whose protection ended at `now`, except those whose CRM deal
 * progressed past PROSPECTING (read through the CRM's API; if it cannot be reached, nothing is
 * written: SERVICE_UNAVAILABLE). Extended ones are not due. Written through entities (audited) in
 * one transaction that re-checks each row under its lock.
 */
export async function expireDealRegistrations(
  ctx: PartnersContext,
  now: Date = new Date(),
): Promise<ExpiryRun> {
  return ctx.dataSource.transaction((manager) => expireDueRegistrations(manager, ctx.crm, now));
}

/**
 * The expiry of `expireDealRegistrations` inside the caller's transaction (`manager`): the
 * mutation's and the periodic job's (`registrations.expire`).
 */
export async function expireDueRegistrations(
  manager: EntityManager,
  crm: CrmClient,
  now: Date = new Date(),
): Promise<ExpiryRun> {
  const due = await manager.find(DealRegistration, {
    where: { status: R.APPROVED, protectedUntil: LessThanOrEqual(now) },
    order: { protectedUntil: 'ASC', id: 'ASC' },
    take: EXPIRY_BATCH,
  });
  const dealIds = due.map((r) => r.dealId).filter((id): id is string => id !== null);
  const stages = new Map<string, string>();
  if (dealIds.length > 0) {
    for (const [id, deal] of (await crm.dealFacts(dealIds, [])).deals) stages.set(id, deal.stage);
  }
  const progressed = (r: DealRegistration) => r.dealId !== null && dealProgressed(stages.get(r.dealId));
  const keptInProgress = due.filter(progressed);
  const candidates = due.filter((r) => !progressed(r)).map((r) => r.id);
  if (candidates.length === 0) return { expired: [], keptInProgress };
  const locked = await manager.find(DealRegistration, {
    where: { id: In(candidates) },
    order: { protectedUntil: 'ASC', id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  const expired: DealRegistration[] = [];
  // Extended or moved on since it was read: no longer due.
  for (const registration of locked.filter((r) => hasExpired(r, now))) {
    assertRegistrationTransition(registration.status, R.EXPIRED);
    registration.status = R.EXPIRED;
    expired.push(await manager.save(registration));
  }
  return { expired, keptInProgress };
}
