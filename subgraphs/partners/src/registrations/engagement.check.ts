import { logger } from '@sales-graph/shared/log';
import type { PartnersContext } from '../context.type';
import { EngagementConflict, engagementConflict } from './engagement.rules';

/**
 * The rules-of-engagement conflict of `partnerId` registering this prospect, from the ownership
 * of the CRM customers matching it (one call to the CRM's public face, as the SERVICE identity);
 * null when the CRM cannot answer (the flag is then taken again at approval): a registration is
 * never refused because the pre-check could not run.
 */
export async function engagementOf(
  ctx: Pick<PartnersContext, 'crm'>,
  partnerId: string,
  probe: { prospectCompanyName: string; prospectDomain: string | null },
): Promise<EngagementConflict | null> {
  try {
    const owners = await ctx.crm.prospectOwnership([
      { ref: 'prospect', domain: probe.prospectDomain, name: probe.prospectCompanyName },
    ]);
    return engagementConflict(owners.get('prospect') ?? [], partnerId);
  } catch (error) {
    logger('partners').warn('rules-of-engagement check skipped: the CRM did not answer', error);
    return null;
  }
}
