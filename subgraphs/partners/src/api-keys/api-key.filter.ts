import { ID, registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';

/** Whether a key works: derived from its revocation and expiry (see `isUsable`), not stored. */
export enum ApiKeyStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ApiKeyStatus, {
  name: 'ApiKeyStatus',
  description: 'Whether an API key works, from its revocation and expiry.',
  valuesConfig: {
    ACTIVE: { description: 'Not revoked and not past its expiry.' },
    EXPIRED: { description: 'Past its expiry (and not revoked).' },
    REVOKED: { description: 'Revoked.' },
  },
});
export const ApiKeyStatusFilter = enumFilter('ApiKeyStatus', ApiKeyStatus);

/** The status as SQL derives it, in the order `isUsable` decides. */
const status = (alias: string) =>
  `CASE WHEN ${alias}."revoked_at" IS NOT NULL THEN 'REVOKED' ` +
  `WHEN ${alias}."expires_at" IS NOT NULL AND ${alias}."expires_at" <= CURRENT_TIMESTAMP THEN 'EXPIRED' ` +
  `ELSE 'ACTIVE' END`;

@FilterInput()
export class ApiKeyFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => ID, { op: 'eq', description: "Only this partner's keys (internal roles)." })
  partnerId?: string | null;
  @FilterField(() => IdFilter, { property: 'partnerId' }) partnerIdIs?: IdFilter;
  @FilterField(() => ApiKeyStatusFilter, {
    property: 'revokedAt',
    expression: status,
    description: 'Only keys in this status (ACTIVE, EXPIRED or REVOKED).',
  })
  status?: InstanceType<typeof ApiKeyStatusFilter>;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => StringFilter) role?: StringFilter;
  @FilterField(() => DateTimeFilter) expiresAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) revokedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum ApiKeyOrderField {
  NAME = 'name',
  EXPIRES_AT = 'expiresAt',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(ApiKeyOrderField, {
  name: 'ApiKeyOrderField',
  description: 'What a list of API keys can be ordered by.',
  valuesConfig: {
    NAME: { description: 'The key label.' },
    EXPIRES_AT: { description: 'When the key stops working; keys without expiry come last ascending.' },
    CREATED_AT: { description: 'When the key was issued.' },
    UPDATED_AT: { description: 'When the key last changed, e.g. was revoked (for incremental sync).' },
  },
});
export const ApiKeyOrder = orderByInput('ApiKey', ApiKeyOrderField);

export const API_KEY_LIST = { typeName: 'ApiKey', filterType: ApiKeyFilter, searchIn: ['name'] };
