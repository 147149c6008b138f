import type { DataSource } from 'typeorm';
import {
  OnboardingChecklistItem,
  PartnerStatusChange,
} from '../../subgraphs/partners/src/onboarding/onboarding.entity';
import { PRM_DEMO_NOW, seedOnboarding } from '../../subgraphs/partners/src/onboarding/onboarding.seed';
import { PartnerUser } from '../../subgraphs/partners/src/partner-users/partner-user.entity';
import { seedPartnerUsers } from '../../subgraphs/partners/src/partner-users/partner-users.seed';
import { Partner, PartnerStatus } from '../../subgraphs/partners/src/partners/partner.entity';
import {
  DealRegistration,
  DealRegistrationStatus,
} from '../../subgraphs/partners/src/registrations/registration.entity';
import { findConflicts, isLive } from '../../subgraphs/partners/src/registrations/registration.rules';
import { seedRegistrations } from '../../subgraphs/partners/src/registrations/registrations.seed';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';
import {
  Certification,
  Enrolment,
  EnrolmentStatus,
} from '../../subgraphs/partners/src/training/training.entity';
import { seedTraining } from '../../subgraphs/partners/src/training/training.seed';
import { seededPrm } from './seeded-prm';

const crm = {
  dealIds: [],
  leadIds: [],
  customers: [
    { id: '9c1f7e52-2b6f-4d3e-8a41-0f6b1d2c3e4f', name: 'Acme Retail Group', domain: 'acme-retail.example' },
    { id: '0d2e8f63-3c7a-4e4f-9b52-1a7c2e3d4f5a', name: 'Blue Harbor Bank', domain: 'blueharbor.example' },
  ],
};

const prmSeeds = seededPrm(
  'prmseed',
  [seedCorePrm, seedOnboarding, seedPartnerUsers, seedTraining, seedRegistrations],
  crm,
);
const seededDatabase = prmSeeds.seeded;
let prm: DataSource;

beforeAll(async () => {
  prm = await seededDatabase();
});

afterAll(() => prmSeeds.drop());

describe('PRM demo data for onboarding, partner users, training and deal registration', () => {
  it('gives every partner a status history that ends in its current status', async () => {
    const partners = await prm.getRepository(Partner).find();
    const changes = await prm
      .getRepository(PartnerStatusChange)
      .find({ order: { changedAt: 'ASC', id: 'ASC' } });
    for (const partner of partners) {
      const history = changes.filter((change) => change.partnerId === partner.id);
      expect(history[0]).toMatchObject({ fromStatus: null, toStatus: PartnerStatus.APPLIED });
      expect(history[history.length - 1].toStatus).toBe(partner.status);
      for (let i = 1; i < history.length; i += 1) expect(history[i].fromStatus).toBe(history[i - 1].toStatus);
    }
    const items = await prm.getRepository(OnboardingChecklistItem).find();
    const onboarding = partners
      .filter((partner) => partner.status === PartnerStatus.ONBOARDING)
      .map((p) => p.id);
    for (const item of items.filter(
      (i) => onboarding.includes(i.partnerId) && i.step === 'FIRST_TRAINING_PASSED',
    )) {
      expect(item.completedAt).toBeNull();
    }
    const active = partners.filter((partner) => partner.status === PartnerStatus.ACTIVE).map((p) => p.id);
    expect(items.filter((i) => active.includes(i.partnerId)).every((i) => i.completedAt !== null)).toBe(true);
  });

  it('has partner teams, training with certifications, and registrations that respect the rules', async () => {
    const users = await prm.getRepository(PartnerUser).find();
    expect(users.length).toBeGreaterThan(40);
    const enrolments = await prm.getRepository(Enrolment).find();
    const certifications = await prm.getRepository(Certification).find();
    expect(certifications.length).toBe(enrolments.filter((e) => e.status === EnrolmentStatus.PASSED).length);
    expect(certifications.some((c) => c.expiresAt < PRM_DEMO_NOW)).toBe(true);
    expect(certifications.some((c) => c.expiresAt > PRM_DEMO_NOW)).toBe(true);

    const registrations = await prm.getRepository(DealRegistration).find();
    const statuses = new Set(registrations.map((r) => r.status));
    for (const status of Object.values(DealRegistrationStatus)) expect(statuses).toContain(status);
    // Some prospects are contested, but never by two live approvals at once.
    expect(
      registrations.some(
        (r) => isLive(r, PRM_DEMO_NOW) && findConflicts(r, registrations, PRM_DEMO_NOW).length,
      ),
    ).toBe(true);
    const approved = registrations.filter((r) => r.status === DealRegistrationStatus.APPROVED);
    for (const registration of approved) {
      const others = findConflicts(registration, approved, PRM_DEMO_NOW);
      expect(others).toEqual([]);
    }
  });

  it('gives every active partner an active admin user (npm start prints the first one’s token)', async () => {
    // The query scripts/start.ts runs for the demo partner token.
    const partners: { id: string }[] = await prm.query(
      `SELECT id FROM prm.partners WHERE status = 'ACTIVE' ORDER BY created_at, id`,
    );
    expect(partners.length).toBeGreaterThan(0);
    const admins: { partner_id: string }[] = await prm.query(
      `SELECT DISTINCT partner_id FROM prm.partner_users
       WHERE role = 'ADMIN' AND status = 'ACTIVE' AND deleted_at IS NULL`,
    );
    const withAdmin = new Set(admins.map((row) => row.partner_id));
    expect(partners.filter((partner) => !withAdmin.has(partner.id))).toEqual([]);
  });

  it('is the same on every machine', async () => {
    const digest = (dataSource: DataSource) =>
      Promise.all(
        [
          `SELECT id, partner_id, to_status, changed_at FROM prm.partner_status_changes ORDER BY id`,
          `SELECT id, email, status FROM prm.partner_users ORDER BY id`,
          `SELECT id, status, score, completed_at FROM prm.enrolments ORDER BY id`,
          `SELECT id, expires_at FROM prm.certifications ORDER BY id`,
          `SELECT id, status, estimated_amount, protected_until FROM prm.deal_registrations ORDER BY id`,
        ].map((sql) => dataSource.query(sql)),
      );
    expect(await digest(await seededDatabase())).toEqual(await digest(prm));
  });
});
