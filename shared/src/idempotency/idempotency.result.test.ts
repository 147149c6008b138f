import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../context';
import { reviveResult, ShownOnce, storeResult } from './idempotency.result';

/** No entities here: records are stored by reference, which the scenario tests cover. */
const noEntities = { hasMetadata: () => false } as unknown as DataSource;
const noContext = {} as RequestContext;

@ObjectType({ description: 'A payload for the test.' })
class Receipt {
  @Field({ description: 'When.' })
  at: Date;

  @Field({ description: 'What.' })
  reference: string;

  get shout(): string {
    return this.reference.toUpperCase();
  }
}

@ObjectType({ description: 'A secret for the test.' })
@ShownOnce()
class Secret {
  @Field({ description: 'The secret.' })
  value: string;
}

test('a payload keeps its values, dates and class through storage', async () => {
  const receipt = Object.assign(new Receipt(), { at: new Date('2026-12-01T10:00:00Z'), reference: 'r-1' });
  const stored = JSON.parse(JSON.stringify(storeResult({ receipt, list: [receipt, 2, null] }, noEntities)));
  const revived = (await reviveResult(stored, noContext)) as { receipt: Receipt; list: unknown[] };
  expect(revived.receipt).toBeInstanceOf(Receipt);
  expect(revived.receipt.at).toEqual(receipt.at);
  expect(revived.receipt.shout).toBe('R-1');
  // A value met twice is kept twice; only a cycle is cut.
  expect(revived.list).toEqual([receipt, 2, null]);
  const cyclic: Record<string, unknown> = { name: 'a' };
  cyclic.self = cyclic;
  expect(storeResult(cyclic, noEntities)).toEqual({ $class: 'Object', fields: { name: 'a', self: null } });
});

test('a result shown once is never stored, and its replay is CONFLICT', async () => {
  const stored = storeResult({ value: 'sgk_secret' }, noEntities, 'Secret');
  expect(JSON.stringify(stored)).not.toContain('sgk_secret');
  await expect(reviveResult(stored, noContext)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  expect(new Secret()).toBeInstanceOf(Secret);
});
