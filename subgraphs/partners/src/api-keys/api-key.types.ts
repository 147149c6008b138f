import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The identity behind an API key, for the gateway only. */
@Directive('@inaccessible')
@ObjectType({
  description:
    'Service only (SERVICE identity), hidden from the public graph: the identity an API key stands for.',
})
export class ApiKeyIdentity {
  @Field(() => String, { description: 'apikey:<id>.' })
  sub: string;

  @Field(() => String, { description: 'The role the key was minted with.' })
  role: string;

  @Field(() => ID, { nullable: true, description: 'The partner of a PARTNER key.' })
  partnerId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the key has the export scope (pages of up to 1,000 rows on root lists).',
  })
  canExport?: boolean | null;
}
