import { Field, InputType } from 'type-graphql';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

@InputType({ description: 'Whole calendar days, both ends included (UTC).' })
export class PeriodInput {
  @Field(() => LocalDateScalar, { description: 'First day, included.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day, included.' })
  to: string;
}
