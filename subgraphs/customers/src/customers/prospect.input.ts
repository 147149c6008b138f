import { Directive, Field, ID, InputType } from 'type-graphql';

/**
 * A prospect the PRM asks the CRM about, matched to customers by normalised domain or company
 * name: for its open deals (registration conflicts) and for its ownership (rules of engagement).
 */
@Directive('@inaccessible')
@InputType({
  description:
    'Service only (SERVICE identity), hidden from the public graph: a prospect the PRM matches against customers (open deals, ownership).',
})
export class ProspectInput {
  @Field(() => ID, { description: "The caller's own reference, echoed in the answer." })
  ref: string;

  @Field(() => String, { nullable: true, description: 'Web domain of the prospect; matched normalised.' })
  domain?: string | null;

  @Field(() => String, { description: 'Company name of the prospect; matched normalised.' })
  name: string;
}
