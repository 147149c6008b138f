import type { MembershipCheck } from '../../../shared/src/auth/membership';
import type { RequestContext } from '../../../shared/src/context';
import type { CrmClient } from './crm/crm.client';

export interface PartnersContext extends RequestContext {
  crm: CrmClient;
  /** The membership check of every request, also answering the CRM's (`partnerMembership`). */
  membership: MembershipCheck;
}
