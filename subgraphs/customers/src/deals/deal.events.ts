import type { Deal, DealStage } from './deal.entity';

/** What happens to a deal, emitted inside the transaction that did it (`emit<DealEvents>`). */
export interface DealEvents {
  /** A deal was created (by hand, by a lead's conversion, or for a partner's registration). */
  DealCreated: { deal: Deal; by: string };
  /** The deal moved from one pipeline stage to another. */
  DealStageChanged: {
    deal: Deal;
    fromStage: DealStage;
    toStage: DealStage;
    /** The configured stages (the same DealStage may be two stages of a pipeline). */
    fromStageId: string;
    toStageId: string;
    by: string;
  };
}
