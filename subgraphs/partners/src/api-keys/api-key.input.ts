import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new API key (partner users for their own partner, or ADMIN).' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for, e.g. "Looker nightly sync".' })
  name: string;

  @Field(() => String, {
    description: 'ANALYST for BI tools; PARTNER for a partner integration; any role for ADMIN.',
  })
  role: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Required for PARTNER keys (a partner user: its own partner).',
  })
  partnerId?: string | null;

  @Field(() => Date, { description: 'When the key should stop working; omit for no expiry.', nullable: true })
  expiresAt?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Export scope: pages of up to 1,000 rows on root lists (bulk reads). Only ADMIN may grant it (FORBIDDEN otherwise); false when omitted.',
  })
  canExport?: boolean | null;
}
