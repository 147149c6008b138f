import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { Customer } from './customer.entity';
import { UpdateCustomerInput } from './customer.input';
import {
  deleteCustomer,
  mergeCustomers,
  possibleDuplicateCustomers,
  restoreCustomer,
  updateCustomer,
} from './customer.lifecycle';
import {
  CustomerDuplicatePair,
  CustomerDuplicatePairConnection,
  CustomerDuplicatePairFilter,
  CustomerDuplicatePairOrder,
  CustomerMergeResult,
} from './customer.lifecycle.types';
import { getCustomer } from './customer.service';

/** Changing, deleting, restoring and merging customers (internal sales roles only). */
@Resolver(() => Customer)
export class CustomerLifecycleResolver {
  @Mutation(() => Customer, { description: 'Changes the given fields of a customer (SALES and ADMIN).' })
  async updateCustomer(
    @Arg('id', () => ID, { description: 'The customer.' }) id: string,
    @Arg('input', () => UpdateCustomerInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateCustomerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    authorize(ctx.identity, 'update', 'Customer');
    return updateCustomer(ctx, id, input);
  }

  @Mutation(() => Customer, {
    description: 'Soft delete: hidden from every list and read until restored. Roles: SALES and ADMIN.',
  })
  async deleteCustomer(
    @Arg('id', () => ID, { description: 'The customer.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    authorize(ctx.identity, 'delete', 'Customer');
    return deleteCustomer(ctx, id);
  }

  @Mutation(() => Customer, {
    description: 'Brings back a deleted customer with its records (SALES and ADMIN).',
  })
  async restoreCustomer(
    @Arg('id', () => ID, { description: 'The deleted customer.' }) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('allowDuplicate', () => Boolean, {
      nullable: true,
      description: 'Restore even when a live customer with the same name or domain exists.',
    })
    allowDuplicate?: boolean | null,
  ): Promise<Customer> {
    authorize(ctx.identity, 'delete', 'Customer');
    return restoreCustomer(ctx, id, allowDuplicate ?? null);
  }

  @Mutation(() => CustomerMergeResult, {
    description:
      'Moves every record of the duplicate to the survivor and deletes the duplicate, in one transaction. Roles: SALES and ADMIN.',
  })
  async mergeCustomers(
    @Arg('survivorId', () => ID, { description: 'The customer that remains.' }) survivorId: string,
    @Arg('duplicateId', () => ID, { description: 'The customer to merge away (it is deleted).' })
    duplicateId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CustomerMergeResult> {
    authorize(ctx.identity, 'delete', 'Customer');
    return mergeCustomers(ctx, survivorId, duplicateId);
  }

  @Query(() => CustomerDuplicatePairConnection, {
    description: 'Pairs of live customers with the same normalised domain or name. Roles: SALES and ADMIN.',
  })
  async possibleDuplicateCustomers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CustomerDuplicatePairFilter, {
      nullable: true,
      description: 'Only pairs meeting these conditions.',
    })
    filter: CustomerDuplicatePairFilter | undefined,
    @Arg('orderBy', () => CustomerDuplicatePairOrder, {
      nullable: true,
      description: "The order of the list; by the two customers' ids when omitted.",
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<CustomerDuplicatePair>> {
    authorize(ctx.identity, 'update', 'Customer');
    return possibleDuplicateCustomers(ctx, args, filter ?? undefined, orderBy ?? undefined);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When the customer was deleted (null while live).',
  })
  deletedAt(@Root() customer: Customer): Date | null {
    return customer.deletedAt ?? null;
  }
}

@Resolver(() => CustomerDuplicatePair)
export class CustomerDuplicatePairResolver {
  @FieldResolver(() => Customer, { description: 'The older customer of the pair.' })
  async customer(@Root() pair: CustomerDuplicatePair, @Ctx() ctx: RequestContext): Promise<Customer> {
    return getCustomer(ctx, pair.customerId);
  }

  @FieldResolver(() => Customer, { description: 'The customer that would be merged into the other.' })
  async duplicate(@Root() pair: CustomerDuplicatePair, @Ctx() ctx: RequestContext): Promise<Customer> {
    return getCustomer(ctx, pair.duplicateId);
  }
}

@Resolver(() => CustomerMergeResult)
export class CustomerMergeResultResolver {
  @FieldResolver(() => Customer, { description: 'The customer that remains.' })
  async survivor(@Root() result: CustomerMergeResult, @Ctx() ctx: RequestContext): Promise<Customer> {
    return getCustomer(ctx, result.survivorId);
  }
}
