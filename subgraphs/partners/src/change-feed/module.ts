import { defineModule } from '@sales-graph/shared/module';
import { PrmChangeFeed1764232600000 } from './1764232600000-PrmChangeFeed';

/** The PRM's change feed (README "Change feed"): its table and triggers. */
export default defineModule({
  name: 'change-feed',
  migrations: [PrmChangeFeed1764232600000],
});
