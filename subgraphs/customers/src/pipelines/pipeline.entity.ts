import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { DealStage } from '@sales-graph/shared/deal-stage';

/** Where a stage's deals count in the forecast. */
export enum ForecastCategory {
  PIPELINE = 'PIPELINE',
  BEST_CASE = 'BEST_CASE',
  COMMIT = 'COMMIT',
  CLOSED = 'CLOSED',
  OMITTED = 'OMITTED',
}
registerEnumType(ForecastCategory, {
  name: 'ForecastCategory',
  description: "Where a stage's deals count in the forecast (internal roles only).",
  valuesConfig: {
    PIPELINE: { description: 'Early: counted as pipeline, not forecast.' },
    BEST_CASE: { description: 'Could close this period if things go well.' },
    COMMIT: { description: 'Expected to close; committed to the forecast.' },
    CLOSED: { description: 'Won: booked.' },
    OMITTED: { description: 'Left out of the forecast (lost, or parked).' },
  },
});

/** Whether a stage is open, or closes the deal won or lost. */
export enum StageKind {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}
registerEnumType(StageKind, {
  name: 'StageKind',
  description:
    "Whether a pipeline stage is open or closes the deal (won or lost): it decides the deal's `stage`.",
  valuesConfig: {
    OPEN: { description: "The deal is still open; its `stage` is the stage's `legacyStage`." },
    WON: { description: 'The deal is won (`stage` CLOSED_WON).' },
    LOST: { description: 'The deal is lost (`stage` CLOSED_LOST).' },
  },
});

/** A sales process with its own ordered stages (new business, renewal, partner …). */
@ObjectType({
  description:
    'A sales process with its own ordered stages (e.g. new business, renewal, partner). ADMIN configures pipelines; internal roles read them.',
})
@Entity({ name: 'pipelines' })
export class Pipeline extends BusinessRecord {
  @Field(() => String, { description: 'Name of the pipeline, unique among pipelines.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Boolean, { description: 'The pipeline a new deal joins when none is named (exactly one).' })
  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @Field(() => Boolean, { description: 'False once archived: its deals stay, no deal joins it.' })
  @Column({ type: 'boolean', default: true })
  active: boolean;
}

/** One stage of a pipeline. */
@ObjectType({
  description:
    "One stage of a pipeline, in `position` order. Partner users may read a stage's name, position and kind on the deals they see; its probability and forecast category are internal.",
})
@Entity({ name: 'pipeline_stages' })
export class PipelineStage extends BusinessRecord {
  @Column({ type: 'uuid' })
  pipelineId: string;

  @Field(() => String, { description: 'Name of the stage, unique in its pipeline.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Int, { description: 'Order of the stage in its pipeline (unique in it; lowest first).' })
  @Column({ type: 'int' })
  position: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Chance of winning a deal in this stage, 0 to 100 (WON 100, LOST 0; internal).',
  })
  @Column({ type: 'int' })
  probability: number;

  @Field(() => ForecastCategory, { nullable: true, description: 'Forecast category (internal).' })
  @Column({ type: 'text' })
  forecastCategory: ForecastCategory;

  @Field(() => StageKind, { description: 'OPEN, WON or LOST.' })
  @Column({ type: 'text' })
  kind: StageKind;

  @Field(() => DealStage, {
    description:
      'The `DealStage` a deal in this stage answers as `stage`: CLOSED_WON for WON, CLOSED_LOST for LOST, an open DealStage for OPEN (fixed when the stage is made).',
  })
  @Column({ type: 'text' })
  legacyStage: DealStage;
}
