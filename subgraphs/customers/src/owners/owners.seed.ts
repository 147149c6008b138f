import type { EntityManager } from 'typeorm';
import { CUSTOMER_OWNERSHIP, Customer } from '../customers';
import { TICKET_OWNERSHIP, Ticket } from '../tickets';
import { Territory, User } from '../users';
import { groupBy } from '@sales-graph/shared/group-by';

/**
 * Owners on the demo records the core seed leaves without one: each customer is owned by a member
 * of the team whose territory covers its region (in turn), each ticket by the support user.
 * Deterministic (no random draw). Deals, leads and activities already name `user:sales-*` owners.
 */
export async function seedOwners(manager: EntityManager): Promise<void> {
  const territories = await manager.find(Territory, { order: { createdAt: 'ASC', id: 'ASC' } });
  const users = await manager.find(User, { order: { sub: 'ASC' } });
  const customers = await manager.find(Customer, { order: { createdAt: 'ASC', id: 'ASC' } });
  const owned = customers.flatMap((customer, i) => {
    const territory = territories.find((t) => customer.region && t.regions.includes(customer.region));
    const members = users.filter((user) => territory && user.teamId === territory.teamId);
    return members.length === 0 ? [] : [{ customer, owner: members[i % members.length].sub }];
  });
  const byOwner = new Map(
    [...groupBy(owned, (row) => row.owner)].map(([owner, rows]) => [owner, rows.map((row) => row.customer)]),
  );
  for (const [owner, rows] of byOwner) await CUSTOMER_OWNERSHIP.setOwner(manager, rows, owner);
  const support = users.find((user) => user.role === 'SUPPORT');
  const tickets = await manager.find(Ticket, { order: { createdAt: 'ASC', id: 'ASC' } });
  if (support && tickets.length) await TICKET_OWNERSHIP.setOwner(manager, tickets, support.sub);
}
