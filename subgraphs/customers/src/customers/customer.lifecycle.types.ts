import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum DuplicateMatch {
  DOMAIN = 'DOMAIN',
  NAME = 'NAME',
}
registerEnumType(DuplicateMatch, {
  name: 'DuplicateMatch',
  description: 'What two customers share: the normalised domain or the normalised name.',
});

/** Two live customers that look like the same company; `customer` is the older one. */
@ObjectType()
export class CustomerDuplicatePair {
  customerId: string;
  duplicateId: string;

  @Field(() => [DuplicateMatch])
  matches: DuplicateMatch[];
}

export const CustomerDuplicatePairConnection = connectionType('CustomerDuplicatePair', CustomerDuplicatePair);

/** How many records of one kind a merge moved to the survivor. */
@ObjectType()
export class MergedRecords {
  @Field(() => String, { description: 'Record type, e.g. "Contact".' })
  recordType: string;

  @Field(() => Int)
  count: number;

  @Field(() => [ID])
  ids: string[];
}

@ObjectType()
export class CustomerMergeResult {
  survivorId: string;

  @Field(() => ID, { description: 'The merged customer, now deleted with mergedIntoId set.' })
  mergedId: string;

  @Field(() => [MergedRecords])
  moved: MergedRecords[];
}
