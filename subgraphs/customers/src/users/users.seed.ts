import type { EntityManager } from 'typeorm';
import { Team, Territory, User } from './user.entity';

/** The demo's people: the owners the core seed names (`user:sales-1` … `-6`) and the staff identities. */
export const DEMO_PEOPLE: readonly { sub: string; name: string; role: string; team: number | null }[] = [
  { sub: 'user:admin', name: 'Avery Admin', role: 'ADMIN', team: null },
  { sub: 'user:sales-1', name: 'Sam Sales', role: 'SALES', team: 0 },
  { sub: 'user:sales-2', name: 'Ines Ortega', role: 'SALES', team: 0 },
  { sub: 'user:sales-3', name: 'Jonas Berg', role: 'SALES', team: 0 },
  { sub: 'user:sales-4', name: 'Maya Chen', role: 'SALES', team: 1 },
  { sub: 'user:sales-5', name: 'Luis Ramos', role: 'SALES', team: 1 },
  { sub: 'user:sales-6', name: 'Priya Nair', role: 'SALES', team: 1 },
  { sub: 'user:marketing-1', name: 'Mia Marketing', role: 'MARKETING', team: null },
  { sub: 'user:support-1', name: 'Stan Support', role: 'SUPPORT', team: null },
  { sub: 'user:analyst-1', name: 'Ana Analyst', role: 'ANALYST', team: null },
  { sub: 'user:channel-1', name: 'Chris Channel', role: 'CHANNEL_MANAGER', team: null },
];

/** Two teams, each with a manager (its first member), and the territories they cover. */
export const DEMO_TEAMS = [
  {
    name: 'EMEA & APAC',
    regions: [['EMEA'], ['APAC']],
    territories: ['Europe and Middle East', 'Asia Pacific'],
  },
  { name: 'Americas', regions: [['NA', 'LATAM']], territories: ['Americas'] },
] as const;

/** Users, teams and territories of the demo (deterministic: no random draw, later steps see the same data). */
export async function seedUsers(manager: EntityManager): Promise<void> {
  const users = await manager.save(
    DEMO_PEOPLE.map((person) =>
      manager.create(User, {
        sub: person.sub,
        name: person.name,
        email: `${person.sub.slice('user:'.length)}@example.com`,
        role: person.role,
        active: true,
        createdBy: 'seed',
      }),
    ),
  );
  for (const [index, spec] of DEMO_TEAMS.entries()) {
    const members = users.filter((_, i) => DEMO_PEOPLE[i].team === index);
    const team = await manager.save(
      manager.create(Team, { name: spec.name, managerId: members[0].id, createdBy: 'seed' }),
    );
    for (const member of members) member.teamId = team.id;
    await manager.save(members);
    await manager.save(
      spec.territories.map((name, i) =>
        manager.create(Territory, {
          name,
          regions: [...spec.regions[i]],
          teamId: team.id,
          createdBy: 'seed',
        }),
      ),
    );
  }
}
