import {
  Arg,
  Args,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { Customer, CustomerOwnership } from './customer.entity';
import { ProspectInput } from './prospect.input';
import { CustomerOwnershipChange, CustomerOwnershipChangeConnection } from './ownership.entity';
import { visibleOwnerPartnerId } from './ownership.rules';
import { ownershipForProspects, ownershipHistory, setCustomerOwnership } from './ownership.service';

@Directive('@inaccessible')
@ObjectType({ description: 'The ownership of one customer matching a prospect (rules of engagement).' })
export class ProspectOwnership {
  @Field(() => ID, { description: 'The reference the caller sent with the prospect.' })
  ref: string;

  @Field(() => CustomerOwnership, { description: "The matching customer's ownership." })
  ownership: CustomerOwnership;

  @Field(() => ID, { nullable: true, description: 'Its owning partner (CHANNEL only).' })
  ownerPartnerId: string | null;
}

/** The rules of engagement on the customer: its ownership, who may change it, and its history. */
@Resolver(() => Customer)
export class CustomerOwnershipResolver {
  @Mutation(() => Customer, {
    description:
      "Sets a customer's ownership under the rules of engagement (DIRECT, CHANNEL with partnerId, SHARED), with a reason; recorded in ownershipHistory. Roles: ADMIN and SALES (sales management; there is no separate sales-manager role). CHANNEL without partnerId, a partnerId with DIRECT or SHARED, or an unknown partner is BAD_USER_INPUT.",
  })
  async setCustomerOwnership(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('ownership', () => CustomerOwnership, { description: 'The new ownership.' })
    ownership: CustomerOwnership,
    @Arg('partnerId', () => ID, { nullable: true, description: 'The owning partner (CHANNEL only).' })
    partnerId: string | null | undefined,
    @Arg('reason', () => String, { description: 'Why (recorded in the history).' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    authorize(ctx.identity, 'update', 'CustomerOwnership');
    return setCustomerOwnership(ctx, customerId, ownership, partnerId, reason);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'The partner that owns a CHANNEL account; null for DIRECT and SHARED.',
  })
  ownerPartnerId(@Root() customer: Customer, @Ctx() ctx: RequestContext): string | null {
    return visibleOwnerPartnerId(customer, ctx.identity);
  }

  @FieldResolver(() => CustomerOwnershipChangeConnection, {
    description:
      "The customer's ownership changes, oldest first. Roles: ADMIN, SALES, CHANNEL_MANAGER, ANALYST (not partner users).",
  })
  async ownershipHistory(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<CustomerOwnershipChange>> {
    authorize(ctx.identity, 'read', 'CustomerOwnership');
    return ownershipHistory(ctx, customer.id, args);
  }

  @Directive('@inaccessible')
  @Query(() => [ProspectOwnership], {
    description:
      'The ownership of the live customers matching each prospect (normalised domain or name). Roles: SERVICE only (the PRM).',
  })
  async customerOwnershipForProspects(
    @Arg('prospects', () => [ProspectInput], { description: 'The prospects to look up.' })
    prospects: ProspectInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ProspectOwnership[]> {
    authorize(ctx.identity, 'read', 'CustomerOwnershipLookup');
    return ownershipForProspects(ctx, prospects);
  }
}
