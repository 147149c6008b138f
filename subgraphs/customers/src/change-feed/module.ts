import { defineModule } from '@sales-graph/shared/module';
import { CrmChangeFeed1764232600000 } from './1764232600000-CrmChangeFeed';

/** The CRM's change feed (README "Change feed"): its table and triggers. */
export default defineModule({
  name: 'change-feed',
  migrations: [CrmChangeFeed1764232600000],
});
