import { Float, FieldResolver, Resolver, Root } from 'type-graphql';
import { CommissionPlan, CommissionStatement, DealCommission } from './commission.entity';
import { rateRatio } from './commission.rules';

// A ratio is a Float 0..1 everywhere in the graph (as `winRate`); the String `rate` is deprecated.
const RATIO = 'The commission rate as a fraction of the deal amount, 0 to 1 (0.1 is 10 %).';

@Resolver(() => CommissionPlan)
export class CommissionPlanRateResolver {
  @FieldResolver(() => Float, { description: RATIO })
  commissionRate(@Root() plan: CommissionPlan): number {
    return rateRatio(plan.rate) as number;
  }
}

@Resolver(() => CommissionStatement)
export class CommissionStatementRateResolver {
  @FieldResolver(() => Float, { nullable: true, description: `${RATIO} Null when the tier has no plan.` })
  commissionRate(@Root() statement: CommissionStatement): number | null {
    return rateRatio(statement.rate);
  }
}

@Resolver(() => DealCommission)
export class DealCommissionRateResolver {
  @FieldResolver(() => Float, { description: RATIO })
  commissionRate(@Root() commission: DealCommission): number {
    return rateRatio(commission.rate) as number;
  }
}
