import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** What the rules of engagement say of a registration's prospect; never who owns it. */
export enum EngagementConflict {
  NONE = 'NONE',
  OWNED_DIRECT = 'OWNED_DIRECT',
  OWNED_BY_ANOTHER_PARTNER = 'OWNED_BY_ANOTHER_PARTNER',
}
registerEnumType(EngagementConflict, {
  name: 'EngagementConflict',
  description:
    "Whether a registration's prospect is owned under the rules of engagement; it names no partner and no customer.",
  valuesConfig: {
    NONE: {
      description: 'No conflict: no customer matches, or it is SHARED, or it is your own CHANNEL account.',
    },
    OWNED_DIRECT: { description: 'Owned: the account is worked by our direct sales.' },
    OWNED_BY_ANOTHER_PARTNER: { description: 'Owned: the account belongs to another partner.' },
  },
});

@ObjectType({
  description:
    'Whether registering a prospect would be flagged under the rules of engagement (before it is submitted). Tells only "owned (direct / another partner)", never by whom nor anything of the customer.',
})
export class RegistrationConflictPreview {
  @Field(() => Boolean, {
    description: 'True when a registration would be flagged and need an override to be approved.',
  })
  conflict: boolean;

  @Field(() => EngagementConflict, { description: 'The kind of conflict (NONE without one).' })
  kind: EngagementConflict;
}

export interface ProspectOwner {
  ownership: 'DIRECT' | 'CHANNEL' | 'SHARED';
  ownerPartnerId: string | null;
}

/**
 * The conflict of a partner's registration with the accounts matching its prospect: a DIRECT
 * account first (the stricter), then a CHANNEL account of another partner; a SHARED account, the
 * partner's own CHANNEL account or no matching customer is no conflict.
 */
export function engagementConflict(owners: readonly ProspectOwner[], partnerId: string): EngagementConflict {
  if (owners.some((o) => o.ownership === 'DIRECT')) return EngagementConflict.OWNED_DIRECT;
  if (owners.some((o) => o.ownership === 'CHANNEL' && o.ownerPartnerId !== partnerId)) {
    return EngagementConflict.OWNED_BY_ANOTHER_PARTNER;
  }
  return EngagementConflict.NONE;
}

export const isFlagged = (flag: EngagementConflict | null): boolean =>
  flag === EngagementConflict.OWNED_DIRECT || flag === EngagementConflict.OWNED_BY_ANOTHER_PARTNER;

export const preview = (kind: EngagementConflict): RegistrationConflictPreview => ({
  conflict: isFlagged(kind),
  kind,
});
