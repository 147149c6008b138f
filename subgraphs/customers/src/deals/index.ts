export { Deal, DealConnection, DealStage, DealStageChange } from './deal.entity';
export type { DealEvents } from './deal.events';
export { dealAmount } from './deal.rules';
export { dealRepo, getDeal, insertDeal, newDealValues } from './deal.service';
