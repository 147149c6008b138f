import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

/**
 * A weekly forecast snapshot: the deals of the forecast's scope (every open deal, and those
 * closed in the 400 days before) as they were at `takenAt`, one per ISO week. Its rows
 * (`crm.forecast_snapshot_deals`) are written set-based and never change.
 */
@ObjectType({
  description:
    'A weekly forecast snapshot: the open deals (and those closed in the 400 days before) as they were when it was taken; one per ISO week.',
})
@Entity({ name: 'forecast_snapshots' })
export class ForecastSnapshot {
  @Field(() => ID, { description: 'Stable id of the snapshot.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => LocalDateScalar, { description: 'The Monday of its ISO week (UTC).' })
  @Column({ type: 'date', unique: true })
  weekStart: string;

  @Field(() => Date, { description: 'When it was taken.' })
  @Column({ type: 'timestamptz', precision: 3 })
  takenAt: Date;

  @Column({ type: 'text', nullable: true })
  takenBy: string | null;

  @Field(() => Int, { description: 'Deals it holds.' })
  @Column({ type: 'int', default: 0 })
  dealCount: number;
}
