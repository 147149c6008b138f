import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';

/** A long-lived credential for a BI tool or a partner integration; its secret is never stored. */
@ObjectType()
@Entity({ name: 'api_keys' })
export class ApiKey extends BusinessRecord {
  @Field(() => String)
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

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}

export const ApiKeyConnection = connectionType('ApiKey', ApiKey);

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field(() => String, { description: 'The key itself. Shown this once; only its hash is kept.' })
  key: string;
}
