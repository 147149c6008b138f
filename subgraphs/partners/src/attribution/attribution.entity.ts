import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';

/** The partner that sourced a CRM deal. A deal with no row here is a direct deal. */
@Entity({ name: 'deal_attributions' })
export class DealAttribution extends BusinessRecord {
  @Column({ type: 'uuid' })
  dealId: string;

  @Column({ type: 'uuid' })
  partnerId: string;
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
