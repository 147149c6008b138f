import { Not, type EntityManager } from 'typeorm';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { assertId, BadUserInputError, ConflictError, NotFoundError } from '@sales-graph/shared/errors';
import { optionalEmail, requiredText } from '@sales-graph/shared/validation';
import type { PartnersContext } from '../context.type';
import { uniqueViolationAs } from '@sales-graph/shared/db/unique-violation';
import { lockPartner, visiblePartnerId } from '../partners';
import { PartnerUser, PartnerUserRole, PartnerUserStatus } from './partner-user.entity';
import type { InvitePartnerUserInput } from './partner-user.input';
import { assertPartnerAdmin } from './partner-admin';
import { assertCanInvite, assertPartnerUserTransition } from './partner-user.rules';

export const partnerUserRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(PartnerUser);

/** The partner user with this id (its `sub`), through the request's scoped loader. */
export function findPartnerUser(ctx: PartnersContext, id: string): Promise<PartnerUser | null> {
  return ctx.loaders.byId(partnerUserRepo(ctx)).load(id);
}

/**
 * Invites a person to a partner's team. Channel managers invite to any partner; a partner's
 * active admin user only to its own (another partner answers NOT_FOUND, a member FORBIDDEN).
 */
export async function invitePartnerUser(
  ctx: PartnersContext,
  input: InvitePartnerUserInput,
): Promise<PartnerUser> {
  const partnerId = assertId('Partner', input.partnerId);
  if (!visiblePartnerId(ctx, partnerId)) throw new NotFoundError('Partner', input.partnerId);
  await assertPartnerAdmin(ctx);
  const email = optionalEmail(input.email);
  if (!email) throw new BadUserInputError('email must not be empty', 'email');
  const name = requiredText(input.name, 'name');
  const role = input.role ?? PartnerUserRole.MEMBER;
  return ctx.dataSource
    .transaction(async (manager) => {
      const partner = await lockPartner(ctx, manager, partnerId);
      assertCanInvite(partner.status);
      const member = await manager.findOne(PartnerUser, {
        where: { email, status: Not(PartnerUserStatus.REMOVED) },
      });
      if (member) throw new ConflictError(`${email} already belongs to a partner`, 'email');
      return manager.save(
        manager.create(PartnerUser, {
          partnerId,
          email,
          name,
          role,
          status: PartnerUserStatus.INVITED,
          createdBy: ctx.identity.sub,
        }),
      );
    })
    .catch(uniqueViolationAs(`${email} already belongs to a partner`, 'email'));
}

async function movePartnerUser(
  ctx: PartnersContext,
  id: string,
  to: PartnerUserStatus,
): Promise<PartnerUser> {
  const userId = assertId('PartnerUser', id);
  // An invited person accepts its own invitation; everything else is the partner admin's.
  const ownAcceptance = to === PartnerUserStatus.ACTIVE && ctx.identity.sub === userId;
  if (!ownAcceptance) await assertPartnerAdmin(ctx);
  return ctx.dataSource.transaction(async (manager) => {
    const user = await manager.findOne(PartnerUser, {
      where: { id: userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user || !(await ctx.scope.allows(PartnerUser, user))) throw new NotFoundError('PartnerUser', id);
    assertPartnerUserTransition(user.status, to);
    user.status = to;
    if (to === PartnerUserStatus.REMOVED) user.removedAt = new Date();
    return manager.save(user);
  });
}

/** Takes a person off a partner's team (the record stays, REMOVED, for audit). */
export const removePartnerUser = (ctx: PartnersContext, id: string) =>
  movePartnerUser(ctx, id, PartnerUserStatus.REMOVED);

/** Marks an invitation as accepted. */
export const activatePartnerUser = (ctx: PartnersContext, id: string) =>
  movePartnerUser(ctx, id, PartnerUserStatus.ACTIVE);

/** A partner's team, removed users included (batched across partners, through the row scope). */
export function partnerTeam(
  ctx: PartnersContext,
  partnerId: string,
  args: ConnectionArgs,
): Promise<Connection<PartnerUser>> {
  return ctx.loaders.connection(partnerUserRepo(ctx), 'partnerId', args).load(partnerId);
}

/** In `manager`'s transaction: the user (not removed) with this email, of any partner. */
export function liveUserWithEmail(manager: EntityManager, email: string): Promise<PartnerUser | null> {
  return manager.findOne(PartnerUser, { where: { email, status: Not(PartnerUserStatus.REMOVED) } });
}

/** In `manager`'s transaction: whether the partner has a user (not removed) with this email. */
export function hasLiveUser(manager: EntityManager, partnerId: string, email: string): Promise<boolean> {
  return manager.exists(PartnerUser, { where: { partnerId, email, status: Not(PartnerUserStatus.REMOVED) } });
}

/** In `manager`'s transaction: a new partner's applicant as its invited ADMIN (a taken email fails unique). */
export async function insertInvitedAdmin(
  manager: EntityManager,
  values: { partnerId: string; email: string; name: string; by: string },
): Promise<void> {
  await manager.insert(PartnerUser, {
    partnerId: values.partnerId,
    email: values.email,
    name: values.name,
    role: PartnerUserRole.ADMIN,
    status: PartnerUserStatus.INVITED,
    createdBy: values.by,
  });
}
