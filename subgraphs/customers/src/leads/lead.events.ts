import type { Lead, LeadStatus } from './lead.entity';

/** What happens to a lead, emitted inside the transaction that did it (`emit<LeadEvents>`). */
export interface LeadEvents {
  /** A lead was created (its initial score is its fit). */
  LeadCreated: { lead: Lead; by: string };
  /** The lead's score was recomputed to a different value. */
  LeadScoreChanged: { lead: Lead; previousScore: number; score: number; by: string };
  /** The lead moved to another status by hand (conversion is LeadConverted). */
  LeadStatusChanged: { lead: Lead; from: LeadStatus; to: LeadStatus; by: string };
  /** The lead was converted into a customer, a contact and a deal. */
  LeadConverted: { lead: Lead; customerId: string; contactId: string; dealId: string; by: string };
}
