import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
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

/** SQL for the system columns, for migrations. */
export const RECORD_COLUMNS = `
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  created_by text`;

/**
 * An exact money amount: `numeric(18,2)` in SQL, `Decimal` (a string such as "12500.00") in
 * GraphQL and in code. `computed` columns are written by the database, never by the app.
 */
export function MoneyField(
  options: { nullable?: boolean; description?: string; computed?: boolean } = {},
): PropertyDecorator {
  const { nullable = false, description, computed = false } = options;
  const field = Field(() => DecimalScalar, { nullable, ...(description ? { description } : {}) });
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
