import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { BeforeInsert, BeforeUpdate, Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { domainHash } from '@sales-graph/shared/domain';
import { customerNameKey } from './customer.rules';

export enum LifecycleStage {
  PROSPECT = 'PROSPECT',
  OPPORTUNITY = 'OPPORTUNITY',
  CUSTOMER = 'CUSTOMER',
  CHURNED = 'CHURNED',
}
registerEnumType(LifecycleStage, {
  name: 'LifecycleStage',
  description: 'Where a customer is in its life with us.',
  valuesConfig: {
    PROSPECT: { description: 'Not yet in a sales conversation.' },
    OPPORTUNITY: { description: 'Has an open deal.' },
    CUSTOMER: { description: 'Has bought.' },
    CHURNED: { description: 'Was a customer and left.' },
  },
});

/** Who works an account under the rules of engagement (README "Rules of engagement"). */
export enum CustomerOwnership {
  DIRECT = 'DIRECT',
  CHANNEL = 'CHANNEL',
  SHARED = 'SHARED',
}
registerEnumType(CustomerOwnership, {
  name: 'CustomerOwnership',
  description:
    'Who works an account: our direct sales, one partner (the channel), or both. Lead distribution and deal registration obey it.',
  valuesConfig: {
    DIRECT: {
      description:
        'Our direct sales own it: its leads are not offered to partners, registrations on it are flagged.',
    },
    CHANNEL: {
      description:
        "One partner owns it: only that partner is offered its leads; another partner's registration is flagged.",
    },
    SHARED: { description: 'Direct sales and partners may both work it.' },
  },
});

/** A company we sell to: the one record sales, marketing and support share. */
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A company we sell to, directly or through partners. Internal roles read all customers; a partner user sees only the customers of its own deals and leads, by name.',
})
@Entity({ name: 'customers' })
export class Customer extends BusinessRecord {
  @Field(() => String, { description: 'Company name.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Normalised web domain, e.g. "acme.com".' })
  @Column({ type: 'text', nullable: true })
  domain: string | null;

  @Field(() => String, { description: "The customer's industry.", nullable: true })
  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Field(() => String, { description: 'The sales region the customer belongs to.', nullable: true })
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Field(() => LifecycleStage, { description: 'Where the customer is in its life with us.' })
  @Column({ type: 'text' })
  lifecycleStage: LifecycleStage;

  @Field(() => String, {
    nullable: true,
    description: 'Subject (user id) of whoever last changed the record.',
  })
  @Column({ type: 'text', nullable: true })
  updatedBy: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The customer this one was merged into (then it is deleted).',
  })
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Field(() => CustomerOwnership, {
    description:
      'Who works the account under the rules of engagement: SHARED until sales management decides (setCustomerOwnership).',
  })
  @Column({ type: 'text', default: CustomerOwnership.SHARED })
  ownership: CustomerOwnership;

  /** The owning partner of a CHANNEL account (exposed as `ownerPartnerId`, see ownership.resolver.ts). */
  @Column({ type: 'uuid', nullable: true })
  ownerPartnerId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The account owner: the `sub` of one of our users (see `owner`); null while nobody owns it.',
  })
  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  /** Normalised name for duplicate detection, kept in step with `name` on every save. */
  @Column({ type: 'text', nullable: true })
  nameKey: string | null;

  /** sha256 hex of the normalised domain (account mapping, `shared/src/domain.ts`), kept in step with `domain`. */
  @Column({ type: 'text', nullable: true })
  domainHash: string | null;

  @BeforeInsert()
  @BeforeUpdate()
  protected keepNameKey(): void {
    if (typeof this.name === 'string') this.nameKey = customerNameKey(this.name);
    if (this.domain !== undefined) this.domainHash = this.domain === null ? null : domainHash(this.domain);
  }
}

export const CustomerConnection = connectionType('Customer', Customer);
