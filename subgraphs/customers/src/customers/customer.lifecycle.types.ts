import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum DuplicateMatch {
  DOMAIN = 'DOMAIN',
  NAME = 'NAME',
}
registerEnumType(DuplicateMatch, {
  name: 'DuplicateMatch',
  description: 'What two customers share: the normalised domain or the normalised name.',
  valuesConfig: {
    DOMAIN: { description: 'Same web domain.' },
    NAME: { description: 'Same company name once normalised.' },
  },
});

/** Two live customers that look like the same company; `customer` is the older one. */
@ObjectType({ description: 'Two customers that look like the same company.' })
export class CustomerDuplicatePair {
  customerId: string;
  duplicateId: string;

  @Field(() => [DuplicateMatch], { description: 'What the two share.' })
  matches: DuplicateMatch[];
}

export const CustomerDuplicatePairConnection = connectionType('CustomerDuplicatePair', CustomerDuplicatePair);

/** How many records of one kind a merge moved to the survivor. */
@ObjectType({ description: 'Records of one type moved when two customers were merged.' })
export class MergedRecords {
  @Field(() => String, { description: 'Record type, e.g. "Contact".' })
  recordType: string;

  @Field(() => Int, { description: 'How many were moved.' })
  count: number;

  @Field(() => [ID], { description: 'Their ids.' })
  ids: string[];
}

@ObjectType({ description: 'What merging two customers did.' })
export class CustomerMergeResult {
  survivorId: string;

  @Field(() => ID, { description: 'The merged customer, now deleted with mergedIntoId set.' })
  mergedId: string;

  @Field(() => [MergedRecords], {
    description: 'The records moved from the duplicate to the survivor, by type.',
  })
  moved: MergedRecords[];
}
