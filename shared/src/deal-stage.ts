import { registerEnumType } from 'type-graphql';

/**
 * The stages of a deal's pipeline, in order: the one definition. The CRM owns deals and their
 * stage; the PRM reads the stage of the deals it contributes to (`@requires`), with this enum.
 */
export enum DealStage {
  PROSPECTING = 'PROSPECTING',
  QUALIFICATION = 'QUALIFICATION',
  PROPOSAL = 'PROPOSAL',
  NEGOTIATION = 'NEGOTIATION',
  CLOSED_WON = 'CLOSED_WON',
  CLOSED_LOST = 'CLOSED_LOST',
}
registerEnumType(DealStage, {
  name: 'DealStage',
  description: 'The stages of the sales pipeline, in order.',
  valuesConfig: {
    PROSPECTING: { description: 'Identified, not yet qualified.' },
    QUALIFICATION: { description: 'Checking budget, need and timing.' },
    PROPOSAL: { description: 'A proposal or quote is out.' },
    NEGOTIATION: { description: 'Negotiating terms.' },
    CLOSED_WON: { description: 'Won: the customer bought.' },
    CLOSED_LOST: { description: 'Lost, with a reason.' },
  },
});
