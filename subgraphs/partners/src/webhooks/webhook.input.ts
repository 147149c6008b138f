import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    'A new webhook endpoint (ADMIN for any partner or every record; a partner admin for its own partner).',
})
export class RegisterWebhookEndpointInput {
  @Field(() => String, {
    description: 'Where events are POSTed: https in production; no private or loopback address.',
  })
  url: string;

  @Field(() => [String], {
    description: 'Event types, e.g. ["DealRegistration.*", "Partner.UPDATED"] (see webhookEventTypes).',
  })
  eventTypes: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      'The partner whose records it receives (ADMIN: omit for every record; a partner admin: its own, the default).',
  })
  partnerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A signing secret of your own (whsec_ + base64 of 24 to 64 bytes); one is generated when omitted.',
  })
  secret?: string | null;
}

@InputType({ description: 'Changes to a webhook endpoint; omitted fields stay as they are.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true, description: 'A new URL (checked as at registration).' })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'New event types.' })
  eventTypes?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'false deactivates the endpoint; true reactivates it (also one disabled for failing, clearing the reason).',
  })
  active?: boolean | null;
}
