import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { ShownOnce } from '@sales-graph/shared/idempotency/idempotency.result';

/** A long-lived credential for a BI tool or a partner integration; its secret is never stored. */
@ObjectType({
  description:
    'A long-lived key a partner integration (or ADMIN) uses instead of a user token. Partners see and manage only their own keys; the secret is shown once, at creation.',
})
@Entity({ name: 'api_keys' })
export class ApiKey extends BusinessRecord {
  @Field(() => String, { description: 'A label for the key, e.g. the integration it serves.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Role the key acts with.' })
  @Column({ type: 'text' })
  role: string;

  @Field(() => ID, { nullable: true, description: 'Partner the key acts for (PARTNER keys).' })
  @Column({ type: 'uuid', nullable: true })
  partnerId: string | null;

  @Column({ type: 'text' })
  secretHash: string;

  @Field(() => String, { description: 'The first characters of the key, to recognise it.' })
  @Column({ type: 'text' })
  prefix: string;

  @Field(() => Boolean, {
    description:
      'Export scope: the key reads root lists in pages of up to 1,000 rows (bulk reads for BI). Only ADMIN grants it.',
  })
  @Column({ type: 'boolean', default: false })
  canExport: boolean;

  @Field(() => Date, { description: 'When the key stops working; null for no expiry.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { description: 'When the key was revoked; null while it is usable.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}

export const ApiKeyConnection = connectionType('ApiKey', ApiKey);

@ObjectType({ description: 'A new API key and its secret, shown this once only.' })
@ShownOnce()
export class CreatedApiKey {
  @Field(() => ApiKey, { description: "The key's record." })
  apiKey: ApiKey;

  @Field(() => String, { description: 'The key itself. Shown this once; only its hash is kept.' })
  key: string;
}
