import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { Contact } from '../contacts';
import { ContactPreference, PreferenceChannel } from './preference.entity';
import { SetContactPreferenceInput } from './preference.input';
import { preferenceRepo, setContactPreference, unsubscribeContact } from './preference.service';

@Resolver(() => ContactPreference)
export class ContactPreferenceResolver {
  @Mutation(() => ContactPreference, {
    description:
      'Records consent for a channel (opting in needs its source); opting out is an unsubscribe. Roles: SALES, MARKETING and ADMIN.',
  })
  async setContactPreference(
    @Arg('input', () => SetContactPreferenceInput, { description: 'The contact, channel and consent.' })
    input: SetContactPreferenceInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ContactPreference> {
    authorize(ctx.identity, 'update', 'ContactPreference');
    return setContactPreference(ctx, input);
  }

  @Mutation(() => ContactPreference, {
    description:
      'Unsubscribes a contact from a channel: it leaves the campaigns that reach it there and is never enrolled again. Roles: SALES, MARKETING and ADMIN.',
  })
  async unsubscribeContact(
    @Arg('contactId', () => ID, { description: 'The contact.' }) contactId: string,
    @Arg('channel', () => PreferenceChannel, { description: 'The channel to unsubscribe from.' })
    channel: PreferenceChannel,
    @Ctx() ctx: RequestContext,
  ): Promise<ContactPreference> {
    authorize(ctx.identity, 'update', 'ContactPreference');
    return unsubscribeContact(ctx, contactId, channel);
  }
}

@Resolver(() => Contact)
export class ContactPreferencesResolver {
  @FieldResolver(() => [ContactPreference], {
    description: 'Consent per channel; a missing channel means no consent.',
  })
  async preferences(@Root() contact: Contact, @Ctx() ctx: RequestContext): Promise<ContactPreference[]> {
    authorize(ctx.identity, 'read', 'ContactPreference');
    return ctx.loaders
      .manyBy(preferenceRepo(ctx), 'contactId', { channel: 'ASC', id: 'ASC' })
      .load(contact.id);
  }
}
