import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners';
import { PartnerUser, PartnerUserConnection } from './partner-user.entity';
import { InvitePartnerUserInput } from './partner-user.input';
import {
  activatePartnerUser,
  invitePartnerUser,
  partnerTeam,
  removePartnerUser,
} from './partner-user.service';

@Resolver(() => Partner)
export class PartnerUsersResolver {
  @Mutation(() => PartnerUser, {
    description:
      "Invites a person to a partner's team (channel managers, or the partner's active admin user).",
  })
  async invitePartnerUser(
    @Arg('input', () => InvitePartnerUserInput, { description: 'The person to invite.' })
    input: InvitePartnerUserInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerUser> {
    authorize(ctx.identity, 'create', 'PartnerUser');
    return invitePartnerUser(ctx, input);
  }

  @Mutation(() => PartnerUser, {
    description:
      "INVITED → ACTIVE: the invitation was accepted (by the invited person, or recorded by the partner's admin).",
  })
  async activatePartnerUser(
    @Arg('id', () => ID, { description: 'The invited partner user.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerUser> {
    authorize(ctx.identity, 'update', 'PartnerUser');
    return activatePartnerUser(ctx, id);
  }

  @Mutation(() => PartnerUser, {
    description:
      "Removes a person from a partner's team (channel managers, or the partner's active admin user).",
  })
  async removePartnerUser(
    @Arg('id', () => ID, { description: 'The partner user.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerUser> {
    authorize(ctx.identity, 'update', 'PartnerUser');
    return removePartnerUser(ctx, id);
  }

  @FieldResolver(() => PartnerUserConnection, { description: "The partner's team, removed users included." })
  async users(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<PartnerUser>> {
    authorize(ctx.identity, 'read', 'PartnerUser');
    return partnerTeam(ctx, partner.id, args);
  }
}
