import { SCALE_NOW, scaleIdSql } from '@sales-graph/shared/demo/scale';
import type { ScaleStep } from '@sales-graph/shared/module';

/** The scale data set's owners are `user:sales-1` … `-50` (seed/scale.steps.ts): 10 teams of 5. */
const TEAMS = 10;
const SALES_PEOPLE = 50;

export const teamsScale: ScaleStep = {
  order: 5,
  table: 'teams',
  rows: () => TEAMS,
  sql: (from, to) =>
    `INSERT INTO crm.teams (id, created_at, updated_at, created_by, name)
    SELECT ${scaleIdSql('team', 'g')}, ${SCALE_NOW}, ${SCALE_NOW}, 'seed', 'Sales team ' || g
    FROM generate_series(${from}, ${to}) g`,
};

export const usersScale: ScaleStep = {
  order: 6,
  table: 'users',
  rows: () => SALES_PEOPLE,
  sql: (from, to) =>
    `INSERT INTO crm.users (id, created_at, updated_at, created_by, sub, name, email, role, team_id)
    SELECT ${scaleIdSql('user', 'g')}, ${SCALE_NOW}, ${SCALE_NOW}, 'seed', 'user:sales-' || g, 'Sales rep ' || g,
      'sales-' || g || '@example.com', 'SALES', ${scaleIdSql('team', `1 + (g - 1) % ${TEAMS}`)}
    FROM generate_series(${from}, ${to}) g`,
};
