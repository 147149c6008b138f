import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { PRM_DEMO_NOW } from '../onboarding';
import { Partner, PartnerStatus } from '../partners';
import { PartnerUser, PartnerUserRole, PartnerUserStatus } from './partner-user.entity';
import { DAY_MS, HOUR_MS } from '@sales-graph/shared/time';

const FIRST = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luca',
  'Mei',
  'Nils',
  'Olga',
  'Priya',
];
const LAST = [
  'Andersen',
  'Baptiste',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
];

const earlier = (date: Date): Date =>
  date < PRM_DEMO_NOW ? date : new Date(PRM_DEMO_NOW.getTime() - HOUR_MS);

/**
 * Two to six users per partner: an admin and members, with their emails at the partner's
 * domain. Users of active partners have accepted their invitation; applicants' are invited;
 * a few people have left; rejected or terminated partners' users are removed.
 */
export async function seedPartnerUsers(manager: EntityManager, rng: DemoRandom): Promise<void> {
  if ((await manager.count(PartnerUser)) > 0) return;
  const partners = await manager.find(Partner, { order: { createdAt: 'ASC', id: 'ASC' } });
  const users: PartnerUser[] = [];
  for (const partner of partners) {
    const domain = partner.domain ?? `${partner.id.slice(0, 8)}.partner.example`;
    const closed = partner.status === PartnerStatus.REJECTED || partner.status === PartnerStatus.TERMINATED;
    const established = [PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED].includes(partner.status);
    const taken = new Set<string>();
    const count = established ? rng.int(3, 6) : rng.int(1, 2);
    for (let i = 0; i < count; i += 1) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const email = `${first}.${last}@${domain}`.toLowerCase();
      if (taken.has(email)) continue;
      taken.add(email);
      const leftTeam = i > 0 && established && rng.chance(0.12);
      const status =
        closed || leftTeam
          ? PartnerUserStatus.REMOVED
          : established || (i === 0 && partner.status === PartnerStatus.ONBOARDING)
            ? PartnerUserStatus.ACTIVE
            : PartnerUserStatus.INVITED;
      const createdAt = earlier(new Date(partner.createdAt.getTime() + i * rng.int(1, 60) * DAY_MS));
      users.push(
        manager.create(PartnerUser, {
          id: rng.uuid(),
          partnerId: partner.id,
          email,
          name: `${first} ${last}`,
          role: i === 0 || rng.chance(0.15) ? PartnerUserRole.ADMIN : PartnerUserRole.MEMBER,
          status,
          removedAt:
            status === PartnerUserStatus.REMOVED
              ? earlier(new Date(createdAt.getTime() + 90 * DAY_MS))
              : null,
          createdAt,
          createdBy: 'seed',
        }),
      );
    }
  }
  await manager.save(users, { chunk: 200 });
}
