import { defineModule } from '@sales-graph/shared/module';
import { CustomerTimelineResolver, TimelineEntryResolver } from './timeline.resolver';

/** A customer's timeline: its activities, tickets, orders and deal moves, newest first (no table of its own). */
export default defineModule({
  name: 'timeline',
  resolvers: [TimelineEntryResolver, CustomerTimelineResolver],
});
