import { Field, InputType, Int } from 'type-graphql';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { ForecastCategory, StageKind } from './pipeline.entity';

@InputType({ description: 'One stage of a pipeline (ADMIN).' })
export class PipelineStageInput {
  @Field(() => String, { description: 'Name, unique in the pipeline.' })
  name: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Position (unique in the pipeline); after the last stage when omitted.',
  })
  position?: number | null;

  @Field(() => Int, { description: 'Chance of winning, 0 to 100: WON 100, LOST 0.' })
  probability: number;

  @Field(() => ForecastCategory, { description: 'Forecast category.' })
  forecastCategory: ForecastCategory;

  @Field(() => StageKind, { description: 'OPEN, WON or LOST (fixed once made).' })
  kind: StageKind;

  @Field(() => DealStage, {
    nullable: true,
    description:
      'For an OPEN stage: the open DealStage its deals answer as `stage` (PROSPECTING when omitted; fixed once made). WON and LOST stages answer CLOSED_WON and CLOSED_LOST.',
  })
  legacyStage?: DealStage | null;
}

@InputType({ description: 'A new pipeline with its stages (ADMIN).' })
export class CreatePipelineInput {
  @Field(() => String, { description: 'Name, unique among pipelines.' })
  name: string;

  @Field(() => Boolean, { nullable: true, description: 'Make it the default pipeline (false by default).' })
  isDefault?: boolean | null;

  @Field(() => [PipelineStageInput], {
    description:
      'Its stages: at least one OPEN, exactly one WON, at least one LOST; positions in list order when omitted.',
  })
  stages: PipelineStageInput[];
}

@InputType({ description: 'Changes to a pipeline (ADMIN); omitted fields keep their value.' })
export class UpdatePipelineInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True makes it the default (the previous default stops being it); false is refused on the default.',
  })
  isDefault?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'False archives it (not the default; its deals stay), true reactivates it.',
  })
  active?: boolean | null;
}

@InputType({
  description:
    'Changes to a stage (ADMIN); its kind and legacy stage are fixed. Omitted fields keep their value.',
})
export class UpdatePipelineStageInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => Int, { nullable: true, description: 'Chance of winning, 0 to 100 (WON 100, LOST 0).' })
  probability?: number | null;

  @Field(() => ForecastCategory, { nullable: true, description: 'Forecast category.' })
  forecastCategory?: ForecastCategory | null;
}
