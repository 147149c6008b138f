import { Arg, Args, Ctx, Directive, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { isUuid } from '@sales-graph/shared/errors';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { ApiKey, ApiKeyConnection, CreatedApiKey } from './api-key.entity';
import { CreateApiKeyInput } from './api-key.input';
import { apiKeyIdentity, createApiKey, listApiKeys, revokeApiKey } from './api-key.service';

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
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, {
    description: 'API keys: all for ADMIN, its own partner’s for a partner user.',
  })
  async apiKeys(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<ApiKey>> {
    authorize(ctx.identity, 'read', 'ApiKey');
    return listApiKeys(ctx, args);
  }

  @Mutation(() => CreatedApiKey, {
    description:
      'Issues an API key; the key is in the answer and never shown again. Roles: PARTNER and ADMIN.',
  })
  async createApiKey(
    @Arg('input', () => CreateApiKeyInput, { description: 'The new key.' }) input: CreateApiKeyInput,
    @Ctx() ctx: PartnersContext,
  ) {
    authorize(ctx.identity, 'create', 'ApiKey');
    return createApiKey(ctx, input);
  }

  @Mutation(() => ApiKey, {
    description:
      "Revokes an API key at once; it stops working (partner users for their own partner's keys, and ADMIN).",
  })
  async revokeApiKey(
    @Arg('id', () => ID, { description: 'The API key.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<ApiKey> {
    authorize(ctx.identity, 'update', 'ApiKey');
    return revokeApiKey(ctx, id);
  }

  @Directive('@inaccessible')
  @Query(() => ApiKeyIdentity, {
    nullable: true,
    description:
      'Service only (SERVICE identity), hidden from the public graph: the identity of a usable key, null for any other.',
  })
  async apiKeyIdentity(
    @Arg('id', () => ID, { description: 'The key id (from the key itself).' }) id: string,
    @Arg('secretHash', () => String, { description: 'SHA-256 of the key secret.' }) secretHash: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<ApiKeyIdentity | null> {
    authorize(ctx.identity, 'read', 'ApiKeyIdentity');
    if (!isUuid(id) || !/^[0-9a-f]{64}$/.test(secretHash)) return null;
    return apiKeyIdentity(ctx.dataSource, id, secretHash);
  }
}
