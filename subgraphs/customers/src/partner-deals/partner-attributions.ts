import type { EntityManager } from 'typeorm';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError } from '@sales-graph/shared/errors';

/**
 * The CRM's projection of the PRM's attributions (`crm.partner_attributions`): which partner
 * sourced a deal, which partners a lead is assigned to and was referred by. The PRM owns them; it
 * sends every change through its outbox (topic `crm.partnerAttributions`) with a version, and the
 * apply below keeps, per (record, role), the highest version it has seen: a duplicate or a late,
 * older message changes nothing. A removal keeps its row (partner null) for that reason.
 * `partnerDealAggregates` joins it with the deals, so the PRM sends partner ids, not deal ids.
 * See README, "Partner performance".
 */

export const ATTRIBUTION_ROLES = ['SOURCED', 'ASSIGNED', 'REFERRED'] as const;
export type AttributionRole = (typeof ATTRIBUTION_ROLES)[number];
/** Changes one call may carry. */
export const MAX_ATTRIBUTION_CHANGES = 5_000;
/** Records one projection read (reconciliation) may ask about. */
export const MAX_ATTRIBUTION_RECORDS = 5_000;

const H =
  'Service only (SERVICE identity), hidden from the public graph: the projection of PRM attributions.';

@Directive('@inaccessible')
@InputType({ description: `${H} One (record, role) at one PRM version.` })
export class PartnerAttributionChangeInput {
  @Field(() => ID, { description: 'The deal (role SOURCED) or lead (ASSIGNED, REFERRED).' })
  recordId: string;

  @Field(() => String, { description: 'SOURCED, ASSIGNED or REFERRED.' })
  role: string;

  @Field(() => ID, { nullable: true, description: 'The partner; null when the attribution is removed.' })
  partnerId?: string | null;

  @Field(() => String, { description: "The PRM's version of the attribution (digits; higher wins)." })
  version: string;

  @Field(() => String, { description: 'When the PRM made the change (ISO 8601).' })
  attributedAt: string;
}

@Directive('@inaccessible')
@ObjectType({ description: `${H} What the projection holds for one (record, role).` })
export class PartnerAttributionRow {
  @Field(() => ID, { description: 'The deal (role SOURCED) or lead (ASSIGNED, REFERRED).' })
  recordId: string;

  @Field(() => String, { description: 'SOURCED, ASSIGNED or REFERRED.' })
  role: string;

  @Field(() => ID, { nullable: true, description: 'The partner the projection holds; null when removed.' })
  partnerId: string | null;

  @Field(() => String, { description: 'The PRM version the projection last applied (digits).' })
  version: string;
}

@Directive('@inaccessible')
@ObjectType({ description: `${H} The projection for some records, and its totals (reconciliation).` })
export class PartnerAttributionSnapshot {
  @Field(() => [PartnerAttributionRow], { description: 'The rows of the records asked for.' })
  rows: PartnerAttributionRow[];

  @Field(() => Int, { description: 'Rows with a partner, over the whole projection.' })
  attributed: number;
}

interface Change {
  recordId: string;
  role: AttributionRole;
  partnerId: string | null;
  version: string;
  attributedAt: string;
}

function validated(changes: readonly PartnerAttributionChangeInput[]): Change[] {
  if (changes.length > MAX_ATTRIBUTION_CHANGES)
    throw new BadUserInputError(`At most ${MAX_ATTRIBUTION_CHANGES} changes at a time`, 'changes');
  // The highest version of each (record, role): one statement may not touch a row twice.
  const latest = new Map<string, Change>();
  for (const change of changes) {
    const recordId = uuid(change.recordId, 'recordId');
    const partnerId = change.partnerId == null ? null : uuid(change.partnerId, 'partnerId');
    if (!ATTRIBUTION_ROLES.includes(change.role as AttributionRole))
      throw new BadUserInputError('role must be SOURCED, ASSIGNED or REFERRED', 'role');
    if (!/^\d{1,18}$/.test(change.version)) throw new BadUserInputError('version must be digits', 'version');
    if (Number.isNaN(Date.parse(change.attributedAt)))
      throw new BadUserInputError('attributedAt must be an ISO 8601 time', 'attributedAt');
    const key = `${recordId}|${change.role}`;
    const seen = latest.get(key);
    if (!seen || BigInt(seen.version) < BigInt(change.version))
      latest.set(key, {
        recordId,
        role: change.role as AttributionRole,
        partnerId,
        version: change.version,
        attributedAt: new Date(change.attributedAt).toISOString(),
      });
  }
  return [...latest.values()];
}

function uuid(id: string, field: string): string {
  try {
    return assertId('PartnerAttribution', id);
  } catch {
    throw new BadUserInputError(`${field} must be a uuid`, field);
  }
}

/**
 * Applies attribution changes in ONE statement: a (record, role) takes a change only if its
 * version is higher than the one it holds. Answers how many rows changed.
 */
export async function applyAttributionChanges(
  manager: Pick<EntityManager, 'query'>,
  input: readonly PartnerAttributionChangeInput[],
): Promise<number> {
  const changes = validated(input);
  if (changes.length === 0) return 0;
  const changed = (await manager.query(
    `WITH c AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::timestamptz[])
         AS c(record_id, role, partner_id, version, attributed_at))
     INSERT INTO crm.partner_attributions AS a (record_id, role, partner_id, version, attributed_at)
     SELECT record_id, role, partner_id, version, attributed_at FROM c
     ON CONFLICT (record_id, role) DO UPDATE
       SET partner_id = EXCLUDED.partner_id, version = EXCLUDED.version,
           attributed_at = EXCLUDED.attributed_at, applied_at = now()
       WHERE a.version < EXCLUDED.version
     RETURNING 1`,
    [
      changes.map((c) => c.recordId),
      changes.map((c) => c.role),
      changes.map((c) => c.partnerId),
      changes.map((c) => c.version),
      changes.map((c) => c.attributedAt),
    ],
  )) as unknown[];
  return changed.length;
}

/** The projection's rows of these records, and how many rows have a partner overall. */
export async function partnerAttributionSnapshot(
  ctx: RequestContext,
  recordIds: readonly string[],
): Promise<PartnerAttributionSnapshot> {
  if (recordIds.length > MAX_ATTRIBUTION_RECORDS)
    throw new BadUserInputError(`At most ${MAX_ATTRIBUTION_RECORDS} records at a time`, 'recordIds');
  const ids = recordIds.map((id) => uuid(id, 'recordIds'));
  const [rows, [{ attributed }]] = await Promise.all([
    ctx.dataSource.query(
      `SELECT record_id AS "recordId", role, partner_id AS "partnerId", version::text AS version
       FROM crm.partner_attributions WHERE record_id = ANY($1::uuid[]) ORDER BY record_id, role`,
      [ids],
    ) as Promise<PartnerAttributionRow[]>,
    ctx.dataSource.query(
      `SELECT count(*)::int AS attributed FROM crm.partner_attributions WHERE partner_id IS NOT NULL`,
    ) as Promise<{ attributed: number }[]>,
  ]);
  return { rows, attributed };
}
