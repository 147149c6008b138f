import { ObjectType } from 'type-graphql';

/** Figures about one customer, each computed in SQL for every customer of the request at once. */
@ObjectType({ description: 'Money amounts are sums over all currencies of the underlying records.' })
export class CustomerInsights {
  customerId: string;
}
