import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar, parseCurrency } from '../graphql/scalars';
import {
  Column,
  CreateDateColumn,
  DefaultNamingStrategy,
  DeleteDateColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type NamingStrategyInterface,
} from 'typeorm';

/** Columns are snake_case in SQL and camelCase in code. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? [...prefixes, propertyName].join('_');
    return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  }
}

/**
 * System fields every business record carries: id, audit stamps and soft delete. Timestamps
 * keep millisecond precision so they round-trip through cursors exactly.
 */
@ObjectType()
export abstract class BusinessRecord {
  @Field(() => ID, { description: 'Stable unique id of the record.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Date, { description: 'When the record was created.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: 'When the record last changed (use with updatedAt filters to sync).' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Subject (user id) of whoever created the record.' })
  @Column({ type: 'text', nullable: true })
  createdBy: string | null;
}

/**
 * A business record of an entity both subgraphs contribute to (`Deal`, `Lead`): a query the
 * other subgraph serves reaches its fields across the subgraph boundary, so they are nullable in
 * the schema (an outage of the owner nulls them, with an error at each path, instead of nulling
 * the whole record and everything above it). Its values are never null.
 */
@ObjectType()
export abstract class SharedEntityRecord extends BusinessRecord {
  @Field(() => Date, {
    nullable: true,
    description: 'When the record was created.',
  })
  declare createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the record last changed (use with updatedAt filters to sync).',
  })
  declare updatedAt: Date;
}

/** SQL for the system columns, for migrations. */
export const RECORD_COLUMNS = `
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  created_by text`;

/**
 * An exact money amount: `numeric(18,2)` in SQL, `Decimal` (a string such as "12500.00") in
 * GraphQL and in code. `computed` columns are written by the database, never by the app;
 * `crossesSubgraphs` makes a NOT NULL column a nullable field (see `SharedEntityRecord`).
 */
export function MoneyField(
  options: { nullable?: boolean; description?: string; computed?: boolean; crossesSubgraphs?: boolean } = {},
): PropertyDecorator {
  const { nullable = false, description, computed = false, crossesSubgraphs = false } = options;
  const field = Field(() => DecimalScalar, {
    nullable: nullable || crossesSubgraphs,
    ...(description ? { description } : {}),
  });
  const column = Column({
    type: 'numeric',
    precision: 18,
    scale: 2,
    nullable,
    ...(computed ? { insert: false, update: false } : {}),
  });
  return (target, property) => {
    column(target, property);
    field(target, property);
  };
}

/**
 * An ISO 4217 currency code: `char(3)` in SQL, `String` in GraphQL. A string written to it goes
 * through `parseCurrency` (upper-cased, a known code, BAD_USER_INPUT on `currency` otherwise), so
 * no path stores another spelling; services still call `parseCurrency` on their input first.
 * `crossesSubgraphs` makes a NOT NULL column a nullable field (see `SharedEntityRecord`).
 */
export function CurrencyField(
  options: { nullable?: boolean; description?: string; crossesSubgraphs?: boolean } = {},
): PropertyDecorator {
  const { nullable = false, description = 'ISO 4217 currency code.', crossesSubgraphs = false } = options;
  const field = Field(() => String, { nullable: nullable || crossesSubgraphs, description });
  const column = Column({
    type: 'char',
    length: 3,
    nullable,
    transformer: {
      to: (value: unknown) => (typeof value === 'string' ? parseCurrency(value) : value),
      from: (value: unknown) => value,
    },
  });
  return (target, property) => {
    column(target, property);
    field(target, property);
  };
}
