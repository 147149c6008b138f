import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { Ticket, TicketComment } from './ticket.entity';
import { CustomerTicketResolver, TicketResolver } from './ticket.resolver';
import { seedTickets } from './tickets.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Ticket: true;
  }
}

/** Support tickets and their comments. */
export default defineModule({
  name: 'tickets',
  entities: [Ticket, TicketComment],
  resolvers: [TicketResolver, CustomerTicketResolver],
  permissions: {
    Ticket: {
      ADMIN: ALL,
      SALES: READ,
      MARKETING: READ,
      SUPPORT: WRITE,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
    },
  },
  seeds: [{ order: 30, after: ['baseline'], run: seedTickets }],
});
