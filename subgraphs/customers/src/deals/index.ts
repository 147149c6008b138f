export { Deal, DealConnection, DealStage, DealStageChange } from './deal.entity';
export type { DealEvents } from './deal.events';
export { dealRepo, getDeal, insertDeal, newDealValues } from './deal.service';
export { DEAL_SEARCH, DealFilter } from './deal.filter';
export { STAGE_PROBABILITY } from './deal.rules';
export { DealLineItem } from './deal-line-item.entity';
export { DealLineItemInput } from './deal-line-item.input';
export { replaceLineItems } from './deal-line-item.service';
