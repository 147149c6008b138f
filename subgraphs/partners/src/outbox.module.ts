import { defineModule } from '@sales-graph/shared/module';
import { OutboxMessageRecord } from '@sales-graph/shared/outbox/outbox.entity';
import { OutboxResolver } from '@sales-graph/shared/outbox/outbox.resolver';

/**
 * The PRM's outbox (shared's `outbox/`): its table, and its dead letters listed and replayed
 * (ADMIN; the OutboxMessage subject is shared's). Its handlers are wired in `index.ts`.
 */
export default defineModule({
  name: 'outbox',
  entities: [OutboxMessageRecord],
  resolvers: [OutboxResolver],
});
