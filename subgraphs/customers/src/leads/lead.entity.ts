import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { SharedEntityRecord } from '@sales-graph/shared/db/record';

export enum LeadSource {
  WEB = 'WEB',
  EVENT = 'EVENT',
  REFERRAL = 'REFERRAL',
  PARTNER = 'PARTNER',
  OUTBOUND = 'OUTBOUND',
  CAMPAIGN = 'CAMPAIGN',
}
registerEnumType(LeadSource, {
  name: 'LeadSource',
  description: 'Where a lead came from.',
  valuesConfig: {
    WEB: { description: 'Our website (a form or sign-up).' },
    EVENT: { description: 'An event or trade show.' },
    REFERRAL: { description: 'Referred by a customer or contact.' },
    PARTNER: { description: 'Referred by a partner.' },
    OUTBOUND: { description: 'Our own outbound prospecting.' },
    CAMPAIGN: { description: 'A marketing campaign.' },
  },
});

export enum LeadStatus {
  NEW = 'NEW',
  CONTACTED = 'CONTACTED',
  QUALIFIED = 'QUALIFIED',
  DISQUALIFIED = 'DISQUALIFIED',
  CONVERTED = 'CONVERTED',
}
registerEnumType(LeadStatus, {
  name: 'LeadStatus',
  description: 'Where a lead is in qualification.',
  valuesConfig: {
    NEW: { description: 'Not yet worked.' },
    CONTACTED: { description: 'Contacted, not yet qualified.' },
    QUALIFIED: { description: 'Qualified: ready to convert into a deal.' },
    DISQUALIFIED: { description: 'Not a fit, with a reason.' },
    CONVERTED: { description: 'Converted into a customer, contact and deal.' },
  },
});

/** A prospective buyer not yet worked into a deal. */
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A potential buyer not yet qualified into a deal: a person at a company, from a source. SALES, MARKETING and ADMIN write leads; a partner user sees only the leads assigned to or referred by its partner.',
})
@Entity({ name: 'leads' })
export class Lead extends SharedEntityRecord {
  @Field(() => String, { nullable: true, description: 'Name of the person.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: "The person's company.", nullable: true })
  @Column({ type: 'text', nullable: true })
  company: string | null;

  @Field(() => String, { description: 'Email address (personal data).', nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  // Nullable: a query the PRM serves reaches it across the subgraph boundary (README, Partial answers).
  @Field(() => LeadSource, { nullable: true, description: 'Where the lead came from.' })
  @Column({ type: 'text' })
  source: LeadSource;

  @Field(() => LeadStatus, { nullable: true, description: 'Where the lead is in qualification.' })
  @Column({ type: 'text' })
  status: LeadStatus;

  @Field(() => Int, { nullable: true, description: 'Fit and engagement score, 0 to 100.' })
  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'uuid', nullable: true })
  customerId: string | null;

  @Field(() => String, { nullable: true, description: 'User id of the lead owner (set by routing rules).' })
  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  /**
   * Idempotency key of the system that created the lead (e.g. the PRM's partner referral), unique;
   * set only by the SERVICE identity, not exposed in the graph.
   */
  @Column({ type: 'text', nullable: true })
  externalRef: string | null;

  @Field(() => String, { description: "The company's industry.", nullable: true })
  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Field(() => String, { description: 'The sales region the lead belongs to.', nullable: true })
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the person agreed to be contacted.' })
  @Column({ type: 'boolean', default: false })
  consentGiven: boolean;

  @Field(() => Date, { nullable: true, description: 'When consent was given.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  consentAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Where consent was captured, e.g. "web form".' })
  @Column({ type: 'text', nullable: true })
  consentSource: string | null;

  @Field(() => String, { nullable: true, description: 'Why the lead last changed status.' })
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  /** The contact the lead became on conversion. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;
}

// Shareable: the PRM answers `Partner.leads` with the same connection type.
export const LeadConnection = connectionType('Lead', Lead, { shareable: true });
