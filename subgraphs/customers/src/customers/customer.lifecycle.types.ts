import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeFilter, orderByInput } from '@sales-graph/shared/graphql/filters';
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

/**
 * Conditions on duplicate pairs. A pair is computed, not stored: its change time is the later of
 * its two customers' `updatedAt`, so a BI tool re-reads the pairs a change can have made or undone.
 */
@InputType({ description: 'Conditions on pairs of possible duplicate customers.' })
export class CustomerDuplicatePairFilter {
  @Field(() => DateTimeFilter, {
    nullable: true,
    description: "Pairs whose later-changed customer's updatedAt is in this range (incremental sync).",
  })
  updatedAt?: DateTimeFilter | null;
}

export enum CustomerDuplicatePairOrderField {
  CUSTOMERS = 'customers',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CustomerDuplicatePairOrderField, {
  name: 'CustomerDuplicatePairOrderField',
  description: 'What a list of duplicate pairs can be ordered by.',
  valuesConfig: {
    CUSTOMERS: { description: "The two customers' ids (the default)." },
    UPDATED_AT: { description: 'The later of the two customers’ updatedAt (for incremental sync).' },
  },
});
export const CustomerDuplicatePairOrder = orderByInput(
  'CustomerDuplicatePair',
  CustomerDuplicatePairOrderField,
);

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
