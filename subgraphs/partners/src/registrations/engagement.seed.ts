import type { DataSource } from 'typeorm';
import type { CrmOwnership, CrmProspect } from '../crm';
import { engagementConflict, isFlagged } from './engagement.rules';

/** Who the demo's override is recorded as (the demo channel manager). */
export const DEMO_OVERRIDE_ACTOR = 'user:channel-demo';

/**
 * Flags the registrations that were never checked (`engagement_conflict` null: registered before
 * the rules of engagement, or while the CRM was down) from the CRM's ownership of their
 * prospects, `lookup` answering as `customerOwnershipForProspects` does (500 a call). For the
 * demo (`demoOverride`), the first approved flagged registration gets the override an approval
 * needs now (who, when, why). Answers how many were flagged.
 */
export async function backfillEngagementFlags(
  prm: DataSource,
  lookup: (prospects: CrmProspect[]) => Promise<Map<string, CrmOwnership[]>>,
  { demoOverride = false }: { demoOverride?: boolean } = {},
): Promise<number> {
  const registrations: {
    id: string;
    partner_id: string;
    name: string;
    domain: string | null;
    approved_at: Date | null;
  }[] = await prm.query(
    `SELECT id, partner_id, prospect_company_name AS name, prospect_domain AS domain, approved_at
     FROM prm.deal_registrations WHERE engagement_conflict IS NULL AND deleted_at IS NULL
     ORDER BY created_at, id`,
  );
  let flagged = 0;
  let overridden = !demoOverride;
  for (let i = 0; i < registrations.length; i += 500) {
    const batch = registrations.slice(i, i + 500);
    const owners = await lookup(batch.map((r) => ({ ref: r.id, domain: r.domain, name: r.name })));
    await prm.transaction(async (manager) => {
      for (const r of batch) {
        const flag = engagementConflict(owners.get(r.id) ?? [], r.partner_id);
        if (isFlagged(flag)) flagged += 1;
        const override = !overridden && isFlagged(flag) && r.approved_at !== null;
        if (override) overridden = true;
        await manager.query(
          `UPDATE prm.deal_registrations SET engagement_conflict = $2,
             engagement_overridden_by = $3, engagement_overridden_at = $4, engagement_override_reason = $5
           WHERE id = $1`,
          override
            ? [r.id, flag, DEMO_OVERRIDE_ACTOR, r.approved_at, 'The owner agreed to hand this deal over']
            : [r.id, flag, null, null, null],
        );
      }
    });
  }
  return flagged;
}
