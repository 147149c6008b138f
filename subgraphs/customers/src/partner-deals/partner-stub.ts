import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A partner as the CRM names it: only its id (the PRM owns partners). The gateway resolves the
 * rest (name, tier …) from the PRM, under the caller's own scope there.
 */
@Directive('@key(fields: "id", resolvable: false)')
// No descriptions: the partners subgraph's describe the type in the supergraph.
@ObjectType('Partner')
export class PartnerStub {
  @Field(() => ID)
  id: string;
}

export const partnerStub = (id: string): PartnerStub => Object.assign(new PartnerStub(), { id });
