import { Field, InputType } from 'type-graphql';
import { LocalDateScalar } from '../../../../shared/src/graphql/scalars';

@InputType({ description: 'Whole calendar days, both ends included (UTC).' })
export class PeriodInput {
  @Field(() => LocalDateScalar)
  from: string;

  @Field(() => LocalDateScalar)
  to: string;
}
