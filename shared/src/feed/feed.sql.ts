/**
 * The change feed's tables, trigger function and triggers, for a subgraph's migration: one
 * mechanism for both subgraphs (README "Change feed").
 *
 * - `<schema>.change_feed`: one row per committed write of a covered record, inserted by the
 *   trigger `<schema>.record_change()` in the writer's own transaction, whoever writes (services,
 *   seeds, raw SQL).
 * - Commit order: a position is drawn at insert time, so a transaction still open may hold a
 *   lower position than one already committed. Before its first position a writing transaction
 *   takes a shared advisory lock keyed by the last position drawn so far (visible to every
 *   session in `pg_locks` until it ends); a reader serves only positions up to the lowest such
 *   key (`feed.ts` `changeFeedBound`), so it never passes a position that commits later.
 * - `<schema>.change_feed_retention`: how far the retention job has purged (a cursor before it
 *   is expired).
 */

/** A table the feed covers: its GraphQL type name, and the column naming the partner it belongs to. */
export interface ChangeFeedTable {
  /** Table name in the schema (`deals`). */
  table: string;
  /** GraphQL type name stored as `entity_type` (`Deal`). */
  type: string;
  /** uuid column of the partner the row belongs to (`partner_id`; `id` for partners), if any. */
  partnerColumn?: string;
}

/**
 * Advisory lock keys of feed writers (one bigint: `classid * 2^32 + objid`, objsubid 1) are
 * positions, below 2^53. Another advisory lock in that range (a job's hashed 64-bit key lands
 * there about once in 2,000) only holds readers back until it ends; it never lets one skip.
 */
export const FEED_LOCK_MAX = 2 ** 53;

const triggerName = (table: string) => `${table}_change_feed`;

/** SQL creating the feed of `schema` (table, trigger function, retention mark); run once per schema. */
export function changeFeedSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.change_feed (
       position bigserial PRIMARY KEY,
       xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
       occurred_at timestamptz(3) NOT NULL DEFAULT now(),
       entity_type text NOT NULL,
       entity_id text NOT NULL,
       op text NOT NULL CHECK (op IN ('CREATED', 'UPDATED', 'DELETED', 'RESTORED', 'MERGED')),
       changed_fields text[] NOT NULL DEFAULT '{}',
       merged_into text,
       partner_id uuid
     )`,
    `CREATE INDEX change_feed_type_idx ON ${s}.change_feed (entity_type, position)`,
    `CREATE INDEX change_feed_entity_idx ON ${s}.change_feed (entity_id, position)`,
    `CREATE INDEX change_feed_partner_idx ON ${s}.change_feed (partner_id, position) WHERE partner_id IS NOT NULL`,
    `CREATE INDEX change_feed_occurred_idx ON ${s}.change_feed USING brin (occurred_at)`,
    `CREATE TABLE ${s}.change_feed_retention (
       id int PRIMARY KEY CHECK (id = 1),
       purged_through bigint NOT NULL DEFAULT 0,
       purged_at timestamptz(3)
     )`,
    `INSERT INTO ${s}.change_feed_retention (id) VALUES (1)`,
    // TG_ARGV[0]: the GraphQL type; TG_ARGV[1] (optional): the row's partner column.
    `CREATE FUNCTION ${s}.record_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
     DECLARE
       o jsonb;
       n jsonb;
       r jsonb;
       change_op text;
       fields text[] := '{}';
       merged text;
       last_drawn bigint;
     BEGIN
       IF TG_OP = 'INSERT' THEN
         n := to_jsonb(NEW); change_op := 'CREATED';
       ELSIF TG_OP = 'DELETE' THEN
         o := to_jsonb(OLD); change_op := 'DELETED';
       ELSE
         o := to_jsonb(OLD); n := to_jsonb(NEW);
         SELECT coalesce(array_agg(e.key ORDER BY e.key), '{}') INTO fields
           FROM jsonb_each(n) e
          WHERE e.key <> 'updated_at' AND e.value IS DISTINCT FROM o -> e.key;
         IF fields = '{}' THEN RETURN NULL; END IF;
         IF o ->> 'deleted_at' IS NULL AND n ->> 'deleted_at' IS NOT NULL THEN
           merged := n ->> 'merged_into_id';
           change_op := CASE WHEN merged IS NULL THEN 'DELETED' ELSE 'MERGED' END;
         ELSIF o ->> 'deleted_at' IS NOT NULL AND n ->> 'deleted_at' IS NULL THEN
           change_op := 'RESTORED';
         ELSE
           change_op := 'UPDATED';
         END IF;
       END IF;
       -- Once per transaction, before its first position: announce the last position drawn so
       -- far; readers stop there until this transaction ends (commit order).
       IF coalesce(current_setting('sales_graph.feed_${schema}', true), '') = '' THEN
         SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO last_drawn
           FROM ${s}.change_feed_position_seq;
         PERFORM pg_advisory_xact_lock_shared(last_drawn);
         PERFORM set_config('sales_graph.feed_${schema}', '1', true);
       END IF;
       r := coalesce(n, o);
       INSERT INTO ${s}.change_feed (entity_type, entity_id, op, changed_fields, merged_into, partner_id)
       VALUES (TG_ARGV[0], r ->> 'id', change_op, fields, merged,
               CASE WHEN TG_NARGS > 1 THEN (r ->> TG_ARGV[1])::uuid END);
       RETURN NULL;
     END $fn$`,
  ];
}

/** SQL attaching the feed's trigger to covered tables of `schema`. */
export function changeFeedTriggersSql(schema: string, tables: readonly ChangeFeedTable[]): string[] {
  return tables.map(({ table, type, partnerColumn }) => {
    const args = [type, ...(partnerColumn ? [partnerColumn] : [])].map((a) => `'${a}'`).join(', ');
    return `CREATE TRIGGER ${triggerName(table)} AFTER INSERT OR UPDATE OR DELETE ON "${schema}".${table}
            FOR EACH ROW EXECUTE FUNCTION "${schema}".record_change(${args})`;
  });
}

/** SQL undoing `changeFeedSql` and `changeFeedTriggersSql`. */
export function dropChangeFeedSql(schema: string, tables: readonly ChangeFeedTable[]): string[] {
  return [
    ...tables.map(({ table }) => `DROP TRIGGER ${triggerName(table)} ON "${schema}".${table}`),
    `DROP FUNCTION "${schema}".record_change()`,
    `DROP TABLE "${schema}".change_feed_retention`,
    `DROP TABLE "${schema}".change_feed`,
  ];
}
