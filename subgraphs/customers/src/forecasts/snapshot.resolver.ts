import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ForecastSnapshot } from './snapshot.entity';
import { forecastChanges, takeForecastSnapshot } from './snapshot.service';
import { ForecastChanges, ForecastChangesInput } from './snapshot.types';

@Resolver(() => ForecastSnapshot)
export class ForecastSnapshotResolver {
  @Mutation(() => ForecastSnapshot, {
    description:
      "Takes this ISO week's forecast snapshot now, or answers it when the week has one (the CRM's weekly job takes it too). Roles: ADMIN.",
  })
  async takeForecastSnapshot(@Ctx() ctx: RequestContext): Promise<ForecastSnapshot> {
    authorize(ctx.identity, 'create', 'Forecast');
    const sub = ctx.identity.sub;
    return ctx.dataSource.transaction(
      async (manager) => (await takeForecastSnapshot(manager, new Date(), sub)).snapshot,
    );
  }

  @Query(() => ForecastChanges, {
    description:
      "What changed in a forecast since a snapshot (the latest unless named): per category and currency the delta of count, amount and weighted amount, and the changed deals with before and after (new, removed, won or lost, moved category or stage, amount up or down, close date pushed out of or pulled into the period), a page at a time. Roles: ADMIN, ANALYST; SALES its own and its team's.",
  })
  async forecastChanges(
    @Arg('input', () => ForecastChangesInput, {
      description: 'Whose forecast, for when, since which snapshot.',
    })
    input: ForecastChangesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ForecastChanges> {
    authorize(ctx.identity, 'read', 'Forecast');
    return forecastChanges(ctx, input);
  }
}
