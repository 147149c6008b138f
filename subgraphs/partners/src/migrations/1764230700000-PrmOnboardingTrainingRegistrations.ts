import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

const PARTNER_STATUSES = `'APPLIED','IN_REVIEW','ONBOARDING','ACTIVE','SUSPENDED','TERMINATED','REJECTED'`;

/**
 * The partner lifecycle (status history, onboarding checklist), partner users, training
 * (courses, enrolments, certifications) and deal registration.
 */
export class PrmOnboardingTrainingRegistrations1764230700000 implements MigrationInterface {
  name = 'PrmOnboardingTrainingRegistrations1764230700000';

  async up(q: QueryRunner): Promise<void> {
    // Applications are checked against existing partners' domains.
    await q.query(`CREATE INDEX partners_domain_idx ON prm.partners (domain) WHERE deleted_at IS NULL`);

    await q.query(`CREATE TABLE prm.partner_status_changes (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      from_status text CHECK (from_status IN (${PARTNER_STATUSES})),
      to_status text NOT NULL CHECK (to_status IN (${PARTNER_STATUSES})),
      reason text,
      changed_at timestamptz(3) NOT NULL DEFAULT now(),
      changed_by text
    )`);
    await q.query(
      `CREATE INDEX partner_status_changes_partner_idx ON prm.partner_status_changes (partner_id, changed_at, id)`,
    );

    await q.query(`CREATE TABLE prm.onboarding_checklist_items (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      step text NOT NULL CHECK (step IN ('AGREEMENT_ACCEPTED','PROFILE_COMPLETED','FIRST_TRAINING_PASSED')),
      completed_at timestamptz(3),
      completed_by text
    )`);
    await q.query(
      `CREATE UNIQUE INDEX onboarding_checklist_items_step_idx ON prm.onboarding_checklist_items (partner_id, step) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.partner_users (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      email text NOT NULL CHECK (email = lower(email)),
      name text NOT NULL CHECK (length(trim(name)) > 0),
      role text NOT NULL CHECK (role IN ('ADMIN','MEMBER')),
      status text NOT NULL CHECK (status IN ('INVITED','ACTIVE','REMOVED')),
      removed_at timestamptz(3)
    )`);
    // A person belongs to exactly one partner: one live membership per email address.
    await q.query(
      `CREATE UNIQUE INDEX partner_users_email_idx ON prm.partner_users (email) WHERE status <> 'REMOVED' AND deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX partner_users_partner_idx ON prm.partner_users (partner_id, created_at, id)`);

    await q.query(`CREATE TABLE prm.courses (${RECORD_COLUMNS},
      title text NOT NULL CHECK (length(trim(title)) > 0),
      level text NOT NULL CHECK (level IN ('FOUNDATION','PROFESSIONAL','EXPERT')),
      passing_score int NOT NULL CHECK (passing_score BETWEEN 1 AND 100),
      validity_months int NOT NULL DEFAULT 24 CHECK (validity_months BETWEEN 1 AND 120)
    )`);
    await q.query(
      `CREATE INDEX courses_created_idx ON prm.courses (created_at, id) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.enrolments (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      course_id uuid NOT NULL REFERENCES prm.courses(id),
      user_email text NOT NULL CHECK (user_email = lower(user_email)),
      status text NOT NULL CHECK (status IN ('ENROLLED','PASSED','FAILED')),
      score int CHECK (score BETWEEN 0 AND 100),
      completed_at timestamptz(3),
      CHECK ((status = 'ENROLLED') = (completed_at IS NULL))
    )`);
    await q.query(`CREATE INDEX enrolments_partner_idx ON prm.enrolments (partner_id, created_at, id)`);
    // One open enrolment per person and course (a failed one may be retaken).
    await q.query(
      `CREATE UNIQUE INDEX enrolments_open_idx ON prm.enrolments (course_id, user_email) WHERE status = 'ENROLLED' AND deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.certifications (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      course_id uuid NOT NULL REFERENCES prm.courses(id),
      enrolment_id uuid NOT NULL UNIQUE REFERENCES prm.enrolments(id),
      user_email text NOT NULL,
      name text NOT NULL,
      issued_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      CHECK (expires_at > issued_at)
    )`);
    await q.query(
      `CREATE INDEX certifications_partner_idx ON prm.certifications (partner_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX certifications_expiry_idx ON prm.certifications (expires_at, id) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.deal_registrations (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      prospect_company_name text NOT NULL CHECK (length(trim(prospect_company_name)) > 0),
      prospect_company_key text NOT NULL,
      prospect_domain text,
      estimated_amount numeric(18,2) NOT NULL CHECK (estimated_amount > 0),
      currency char(3) NOT NULL,
      expected_close_date date NOT NULL,
      products text[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('SUBMITTED','UNDER_REVIEW','APPROVED','REJECTED','RETURNED','WITHDRAWN','EXPIRED')),
      submitted_at timestamptz(3),
      reviewed_by text,
      approved_at timestamptz(3),
      approved_by text,
      protected_until timestamptz(3),
      decision_reason text,
      decided_at timestamptz(3),
      decided_by text,
      CHECK (status <> 'APPROVED' OR protected_until IS NOT NULL)
    )`);
    await q.query(
      `CREATE INDEX deal_registrations_created_idx ON prm.deal_registrations (created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX deal_registrations_partner_idx ON prm.deal_registrations (partner_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX deal_registrations_status_idx ON prm.deal_registrations (status, created_at, id)`,
    );
    // Conflict detection and the domain filter look registrations up by normalised domain and company name.
    await q.query(
      `CREATE INDEX deal_registrations_domain_idx ON prm.deal_registrations (prospect_domain, created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX deal_registrations_company_idx ON prm.deal_registrations (prospect_company_key) WHERE deleted_at IS NULL`,
    );
    // Expiry scans approved registrations by the end of their protection.
    await q.query(
      `CREATE INDEX deal_registrations_protection_idx ON prm.deal_registrations (protected_until) WHERE status = 'APPROVED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE prm.deal_registrations, prm.certifications, prm.enrolments, prm.courses, prm.partner_users, prm.onboarding_checklist_items, prm.partner_status_changes`,
    );
    await q.query(`DROP INDEX prm.partners_domain_idx`);
  }
}
