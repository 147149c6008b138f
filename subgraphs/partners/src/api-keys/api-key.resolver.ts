import { Arg, Args, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { ApiKey, ApiKeyConnection, CreatedApiKey } from './api-key.entity';
import { ApiKeyFilter, ApiKeyOrder } from './api-key.filter';
import { CreateApiKeyInput } from './api-key.input';
import {
  apiKeyIdentity,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  setApiKeyExportScope,
} from './api-key.service';
import { ApiKeyIdentity } from './api-key.types';
import { assertMayGrantExport } from './api-key.rules';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, {
    description:
      'API keys, in creation order unless `orderBy` says otherwise: all for ADMIN, its own partner’s for a partner user.',
  })
  async apiKeys(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ApiKeyFilter, { description: 'Only keys meeting these conditions.', nullable: true })
    filter: ApiKeyFilter | undefined,
    @Arg('orderBy', () => ApiKeyOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<ApiKey>> {
    authorize(ctx.identity, 'read', 'ApiKey');
    return listApiKeys(ctx, args, { filter, orderBy, search });
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

  @Mutation(() => ApiKey, {
    description:
      "Grants or withdraws an API key's export scope (pages of up to 1,000 rows on root lists). ADMIN only; applies within the gateway's key cache time.",
  })
  async setApiKeyExportScope(
    @Arg('id', () => ID, { description: 'The API key.' }) id: string,
    @Arg('canExport', () => Boolean, { description: 'Whether the key may read in 1,000-row pages.' })
    canExport: boolean,
    @Ctx() ctx: PartnersContext,
  ): Promise<ApiKey> {
    authorize(ctx.identity, 'update', 'ApiKey');
    assertMayGrantExport(ctx.identity);
    return setApiKeyExportScope(ctx, id, canExport);
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
    return apiKeyIdentity(ctx.dataSource, id, secretHash);
  }
}
