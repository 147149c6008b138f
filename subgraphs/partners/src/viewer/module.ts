import { defineModule } from '@sales-graph/shared/module';
import { ViewerResolver } from './viewer.resolver';

/** `me`: who the caller is, its partner and what it may do (no table of its own). */
export default defineModule({
  name: 'viewer',
  resolvers: [ViewerResolver],
});
