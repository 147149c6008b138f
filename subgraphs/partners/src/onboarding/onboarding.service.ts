import { randomUUID } from 'node:crypto';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { uniqueViolationAs } from '@sales-graph/shared/db/unique-violation';
import { assertId, BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { normaliseDomain, optionalEmail, optionalText, requiredText } from '@sales-graph/shared/validation';
import type { PartnersContext } from '../context.type';
import { logger } from '@sales-graph/shared/log';
import { assertPartnerAdmin, insertInvitedAdmin, liveUserWithEmail } from '../partner-users';
import { insertAppliedPartner, lockPartner, openPartnerWith, PartnerStatus, type Partner } from '../partners';
import { OnboardingChecklistItem, OnboardingStep, PartnerStatusChange } from './onboarding.entity';
import type { PartnerApplicationInput } from './onboarding.input';
import {
  assertPartnerTransition,
  ONBOARDING_STEPS,
  planStepCompletion,
  transitionReason,
} from './onboarding.rules';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';

const CLOSED_PARTNER = [PartnerStatus.REJECTED, PartnerStatus.TERMINATED];

export function recordStatusChange(
  manager: EntityManager,
  partnerId: string,
  fromStatus: PartnerStatus | null,
  toStatus: PartnerStatus,
  reason: string | null,
  by: string,
) {
  return manager.insert(PartnerStatusChange, {
    partnerId,
    fromStatus,
    toStatus,
    reason,
    changedAt: new Date(),
    changedBy: by,
    createdBy: by,
  });
}

/** An application's values, validated and bounded (every text has a maximum length). */
function applicationValues(input: PartnerApplicationInput) {
  const contactEmail = optionalEmail(input.contactEmail, 'contactEmail');
  if (!contactEmail) throw new BadUserInputError('contactEmail must not be empty', 'contactEmail');
  return {
    partner: {
      name: requiredText(input.companyName, 'companyName'),
      type: input.type,
      region: optionalText(input.region, 'region', 100),
      domain: normaliseDomain(input.domain),
    },
    contactName: requiredText(input.contactName, 'contactName'),
    contactEmail,
  };
}

type Application = ReturnType<typeof applicationValues>;
type DuplicateKey = 'domain' | 'companyName' | 'contactEmail';

/**
 * Which key of an application an existing partner already holds: its domain (a partner not
 * rejected or terminated), its normalised company name (the same), or its contact's email (a
 * user not removed). Null when it is new.
 */
async function existingApplicant(
  manager: EntityManager,
  { partner, contactEmail }: Application,
): Promise<{ key: DuplicateKey; partnerId: string } | null> {
  // Applications of the same company are serialised on its keys (the email has a unique index).
  const keys = [`prm.partner-application.name:${normaliseCompanyName(partner.name)}`];
  if (partner.domain) keys.push(`prm.partner-application.domain:${partner.domain}`);
  for (const key of keys.sort()) await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  if (partner.domain) {
    const existing = await openPartnerWith(manager, { domain: partner.domain }, CLOSED_PARTNER);
    if (existing) return { key: 'domain', partnerId: existing.id };
  }
  const named = await openPartnerWith(
    manager,
    { nameKey: normaliseCompanyName(partner.name) },
    CLOSED_PARTNER,
  );
  if (named) return { key: 'companyName', partnerId: named.id };
  const member = await liveUserWithEmail(manager, contactEmail);
  return member ? { key: 'contactEmail', partnerId: member.partnerId } : null;
}

/** Writes a new application: the partner in APPLIED, its first status change, its contact as an invited admin. */
async function insertApplication(
  ctx: PartnersContext,
  manager: EntityManager,
  { partner: values, contactName, contactEmail }: Application,
): Promise<Partner> {
  const partner = await insertAppliedPartner(manager, values, ctx.identity.sub);
  await recordStatusChange(
    manager,
    partner.id,
    null,
    PartnerStatus.APPLIED,
    'Application received',
    ctx.identity.sub,
  );
  await insertInvitedAdmin(manager, {
    partnerId: partner.id,
    email: contactEmail,
    name: contactName,
    by: ctx.identity.sub,
  });
  return partner;
}

const DUPLICATE_MESSAGES = {
  domain: (a: Application) => `A partner with domain ${a.partner.domain} already exists`,
  companyName: (a: Application) => `A partner named ${a.partner.name} already exists`,
  contactEmail: (a: Application) => `${a.contactEmail} already belongs to a partner`,
};

/** Creates a partner in APPLIED, its first status change, and the applicant as an invited admin user. */
export async function applyAsPartner(ctx: PartnersContext, input: PartnerApplicationInput): Promise<Partner> {
  const application = applicationValues(input);
  return ctx.dataSource
    .transaction(async (manager) => {
      const duplicate = await existingApplicant(manager, application);
      if (duplicate) {
        throw new ConflictError(DUPLICATE_MESSAGES[duplicate.key](application), duplicate.key);
      }
      return insertApplication(ctx, manager, application);
    })
    .catch(uniqueViolationAs(DUPLICATE_MESSAGES.contactEmail(application), 'contactEmail'));
}

/**
 * An anonymous company's application (APPLICANT, through the gateway's one anonymous path). A
 * duplicate (same domain, normalised company name or contact email as an existing partner) is
 * answered exactly like a new application, with a reference of its own, and writes nothing: the
 * answer never tells a stranger whether a company or an email is already known. The duplicate is
 * logged with the partner it matches, so the channel team can trace a reference it is quoted.
 */
export async function receivePartnerApplication(
  ctx: PartnersContext,
  input: PartnerApplicationInput,
): Promise<{ received: true; reference: string }> {
  const application = applicationValues(input);
  const duplicateReceipt = (key: string) => {
    const reference = randomUUID();
    logger('partners').warn(
      `request ${ctx.requestId}: duplicate partner application (${key}), reference ${reference}`,
    );
    return { received: true as const, reference };
  };
  try {
    return await ctx.dataSource.transaction(async (manager) => {
      const duplicate = await existingApplicant(manager, application);
      if (duplicate) return duplicateReceipt(`${duplicate.key} of partner ${duplicate.partnerId}`);
      const partner = await insertApplication(ctx, manager, application);
      return { received: true as const, reference: partner.id };
    });
  } catch (error) {
    // A concurrent application with the same contact email won the race.
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      return duplicateReceipt('contactEmail, concurrent');
    }
    throw error;
  }
}

/**
 * Moves a partner to `to` through the lifecycle state machine and records the move; approving
 * an application (→ ONBOARDING) also opens its onboarding checklist. One transaction.
 */
export async function changePartnerStatus(
  ctx: PartnersContext,
  id: string,
  to: PartnerStatus,
  reasonInput: string | null = null,
): Promise<Partner> {
  const partnerId = assertId('Partner', id);
  const reason = transitionReason(to, optionalText(reasonInput, 'reason', 1000));
  return ctx.dataSource.transaction(async (manager) => {
    const partner = await lockPartner(ctx, manager, partnerId);
    const from = partner.status;
    assertPartnerTransition(from, to);
    partner.status = to;
    await manager.save(partner);
    await recordStatusChange(manager, partner.id, from, to, reason, ctx.identity.sub);
    if (to === PartnerStatus.ONBOARDING) {
      await manager.insert(
        OnboardingChecklistItem,
        ONBOARDING_STEPS.map((step) => ({ partnerId: partner.id, step, createdBy: ctx.identity.sub })),
      );
    }
    return partner;
  });
}

/**
 * Completes one checklist step of a partner locked in `manager`'s transaction; completing the
 * last open step activates the partner in the same transaction.
 */
export async function completeStepIn(
  manager: EntityManager,
  partner: Partner,
  step: OnboardingStep,
  by: string,
): Promise<Partner> {
  const items = await manager.find(OnboardingChecklistItem, { where: { partnerId: partner.id } });
  const plan = planStepCompletion(partner.status, items, step);
  if (!plan.changed) return partner;
  // Through the entity, so the audit log records the step before and after.
  const item = items.find((candidate) => candidate.step === step)!;
  await manager.save(Object.assign(item, { completedAt: new Date(), completedBy: by }));
  if (plan.complete) {
    assertPartnerTransition(partner.status, PartnerStatus.ACTIVE, { viaChecklist: true });
    const from = partner.status;
    partner.status = PartnerStatus.ACTIVE;
    await manager.save(partner);
    await recordStatusChange(
      manager,
      partner.id,
      from,
      PartnerStatus.ACTIVE,
      'Onboarding checklist completed',
      by,
    );
  }
  return partner;
}

export async function completeOnboardingStep(
  ctx: PartnersContext,
  id: string,
  step: OnboardingStep,
): Promise<Partner> {
  const partnerId = assertId('Partner', id);
  if (ctx.identity.role === 'PARTNER' && step === OnboardingStep.FIRST_TRAINING_PASSED) {
    throw new BadUserInputError('FIRST_TRAINING_PASSED is completed by passing a course', 'step');
  }
  // Accepting the agreement and completing the profile are the partner admin's to do.
  await assertPartnerAdmin(ctx);
  return ctx.dataSource.transaction(async (manager) =>
    completeStepIn(manager, await lockPartner(ctx, manager, partnerId), step, ctx.identity.sub),
  );
}

export const checklistLoader = (ctx: PartnersContext) =>
  ctx.loaders.manyBy(ctx.dataSource.getRepository(OnboardingChecklistItem), 'partnerId');

export const statusHistoryLoader = (ctx: PartnersContext) =>
  ctx.loaders.manyBy(ctx.dataSource.getRepository(PartnerStatusChange), 'partnerId', {
    changedAt: 'ASC',
    id: 'ASC',
  });

/** A partner's onboarding checklist in the order of the steps (batched across partners). */
export async function onboardingChecklist(
  ctx: PartnersContext,
  partnerId: string,
): Promise<OnboardingChecklistItem[]> {
  const items = await checklistLoader(ctx).load(partnerId);
  return [...items].sort((a, b) => ONBOARDING_STEPS.indexOf(a.step) - ONBOARDING_STEPS.indexOf(b.step));
}
