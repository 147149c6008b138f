import type { RequestContext } from '../../../../shared/src/context';
import { isUuid, NotFoundError } from '../../../../shared/src/errors';
import { visible } from '../access/partner-scope';
import { intInRange, optionalEmail, optionalText, requiredText } from '../../../../shared/src/validation';
import { getCustomer } from '../customers/customer.service';
import { Lead, LeadStatus } from './lead.entity';
import type { CreateLeadInput } from './lead.input';

export const leadRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Lead);

/** The lead if it exists and the caller may see it. */
export async function findLead(ctx: RequestContext, id: string): Promise<Lead | null> {
  if (!isUuid(id) || !(await visible(ctx, 'Lead', id.toLowerCase()))) return null;
  return ctx.loaders.byId(leadRepo(ctx)).load(id.toLowerCase());
}

export async function getLead(ctx: RequestContext, id: string): Promise<Lead> {
  const lead = await findLead(ctx, id);
  if (!lead) throw new NotFoundError('Lead', id);
  return lead;
}

export async function createLead(ctx: RequestContext, input: CreateLeadInput): Promise<Lead> {
  const values = {
    name: requiredText(input.name, 'name'),
    company: optionalText(input.company, 'company'),
    email: optionalEmail(input.email),
    source: input.source,
    status: input.status ?? LeadStatus.NEW,
    score: intInRange(input.score ?? 0, 'score', 0, 100),
  };
  const customerId = input.customerId ? (await getCustomer(ctx, input.customerId)).id : null;
  return leadRepo(ctx).save(leadRepo(ctx).create({ ...values, customerId, createdBy: ctx.identity.sub }));
}
