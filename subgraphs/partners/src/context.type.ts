import type { MembershipCheck } from '@sales-graph/shared/auth/membership';
import type { RequestContext } from '@sales-graph/shared/context';
import type { CrmClient } from './crm/crm.client';

export interface PartnersContext extends RequestContext {
  crm: CrmClient;
  /** The membership check of every request, also answering the CRM's (`partnerMembership`). */
  membership: MembershipCheck;
}
