import type { RequestContext } from '../../../shared/src/context';
import type { CrmClient } from './crm/crm.client';

export interface PartnersContext extends RequestContext {
  crm: CrmClient;
}
