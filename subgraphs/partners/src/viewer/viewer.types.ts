import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ROLES, type UserRole } from '@sales-graph/shared/auth/identity';

export const Role = Object.fromEntries(ROLES.map((role) => [role, role])) as { [R in UserRole]: R };
registerEnumType(Role, {
  name: 'Role',
  description:
    'The role a user token carries; the permission table (`me.permissions`) says what each may do.',
  valuesConfig: {
    ADMIN: { description: 'Administers the whole graph: every record, settings, API keys, the audit log.' },
    SALES: { description: 'Direct sales: customers, contacts, leads, deals, activities and orders.' },
    MARKETING: { description: 'Campaigns, consent and preferences, automation rules, leads.' },
    SUPPORT: { description: 'Support tickets; reads the customer record.' },
    CHANNEL_MANAGER: {
      description: 'Runs the partner program: onboarding, lead distribution, registrations, incentives.',
    },
    PARTNER: {
      description:
        "A partner's user or API key: its own partner's records only, as far as its status allows.",
    },
    ANALYST: { description: 'BI and reporting: reads everything, with personal data redacted.' },
  },
});

@ObjectType({ description: 'What the caller may do with one kind of record: the permission table’s answer.' })
export class SubjectPermission {
  @Field(() => String, { description: 'The kind of record, e.g. `Deal`, `DealRegistration`, `Partner`.' })
  subject: string;

  @Field(() => Boolean, { description: 'May read records of this kind (within its row scope).' })
  read: boolean;

  @Field(() => Boolean, { description: 'May create records of this kind.' })
  create: boolean;

  @Field(() => Boolean, { description: 'May change records of this kind (status changes included).' })
  update: boolean;

  @Field(() => Boolean, { description: 'May delete records of this kind.' })
  delete: boolean;
}

@ObjectType({
  description:
    'Who the caller is, as the graph sees it on this request: its role, its partner and partner user for a partner caller, and what it may do.',
})
export class Viewer {
  @Field(() => ID, {
    description: 'The subject of the token: a user id, or a PartnerUser id for a partner user.',
  })
  sub: string;

  @Field(() => Role, { description: 'The role the token carries.' })
  role: UserRole;

  @Field(() => ID, {
    nullable: true,
    description: 'The partner a PARTNER caller acts for; null for internal roles.',
  })
  partnerId: string | null;

  @Field(() => [SubjectPermission], {
    description:
      'For every kind of record, what the caller may do: the role’s grants, capped for a partner caller by its partner’s status and its membership. Rows are further limited to its own partner’s.',
  })
  permissions: SubjectPermission[];
}
