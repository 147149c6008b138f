import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { OwnedRecordType } from '../users';

/** One change of a record's owner: which record, from whom, to whom, by whom, when and why. */
@ObjectType({
  description:
    "One change of a record's owner (reassignOwner, handOverRecords): from, to, who, when and why. Internal roles only.",
})
@Entity({ name: 'owner_changes' })
export class OwnerChange extends BusinessRecord {
  @Field(() => OwnedRecordType, { description: 'The kind of record.' })
  @Column({ type: 'text' })
  recordType: OwnedRecordType;

  @Field(() => String, { description: 'Id of the record.' })
  @Column({ type: 'uuid' })
  recordId: string;

  @Field(() => String, { nullable: true, description: 'The owner before (a `sub`); null when it had none.' })
  @Column({ type: 'text', nullable: true })
  fromOwnerId: string | null;

  @Field(() => String, { nullable: true, description: 'The owner after (a `sub`).' })
  @Column({ type: 'text' })
  toOwnerId: string;

  @Field(() => String, { nullable: true, description: 'Why (required).' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Subject of whoever made the change.' })
  @Column({ type: 'text' })
  changedBy: string;

  @Field(() => Date, { description: 'When the owner changed.' })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  changedAt: Date;
}

export const OwnerChangeConnection = connectionType('OwnerChange', OwnerChange);

@ObjectType({ description: 'How many records of one kind a hand-over moved.' })
export class HandOverCount {
  @Field(() => OwnedRecordType, { description: 'The kind of record.' })
  recordType: OwnedRecordType;

  @Field(() => Int, { description: 'Records moved to the new owner by this call.' })
  count: number;
}

@ObjectType({ description: 'What one handOverRecords call moved, and what is left to move.' })
export class HandOverResult {
  @Field(() => [HandOverCount], { description: 'Per kind of record, what this call moved.' })
  moved: HandOverCount[];

  @Field(() => Int, {
    description: 'Open records still owned by the old owner (more than one call moves): call again until 0.',
  })
  remaining: number;
}
