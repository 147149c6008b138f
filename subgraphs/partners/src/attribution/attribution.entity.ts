import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';

/**
 * The partner that sourced a CRM deal. A deal with no row here is a direct deal. A registration's
 * deal gets its row at approval, before the CRM deal exists (under the id the PRM chooses for it),
 * `pending` until the outbox delivered the deal: `sourcedBy` answers it from the first moment the
 * deal exists; lists of a partner's deals show it once delivered.
 */
@Entity({ name: 'deal_attributions' })
export class DealAttribution extends BusinessRecord {
  @Column({ type: 'uuid' })
  dealId: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'boolean', default: false })
  pending: boolean;
}

/** Which partner a CRM lead is assigned to, and which partner referred it. */
@Entity({ name: 'lead_attributions' })
export class LeadAttribution extends BusinessRecord {
  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'uuid', nullable: true })
  assignedPartnerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  referredByPartnerId: string | null;
}
