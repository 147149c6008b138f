import 'reflect-metadata';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { buildCustomersSchema } from './schema';
import { fieldHasPolicy } from '@sales-graph/shared/graphql/field-policy';

/**
 * FieldPolicy and Idempotency wrap only the fields they can act on (a global middleware made every
 * field of every row an async chain). What they do is covered end to end by test/security and
 * test/idempotency; here: which fields carry them.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildCustomersSchema();
});

const resolve = (typeName: string, fieldName: string, root: object, role: string) => {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const field = type.getFields()[fieldName];
  const info = { parentType: type, fieldName, path: { key: fieldName } } as unknown as GraphQLResolveInfo;
  return field.resolve!(root, {}, { identity: { sub: 'u', role } }, info);
};

test('a field without a policy resolves synchronously, unwrapped', () => {
  expect(fieldHasPolicy('Deal', 'title')).toBe(false);
  expect(resolve('Deal', 'title', { title: 'Big deal' }, 'PARTNER')).toBe('Big deal');
  expect(resolve('Deal', 'title', { title: 'Big deal' }, 'ADMIN')).toBe('Big deal');
});

test('classified fields and every field of a partly visible type keep the policy', async () => {
  expect(
    ['Deal.ownerId', 'Lead.name', 'Deal.createdBy', 'Customer.insights', 'Customer.name'].map((f) =>
      fieldHasPolicy(...(f.split('.') as [string, string])),
    ),
  ).toEqual([true, true, true, true, true]);
  await expect(resolve('Deal', 'ownerId', { ownerId: 'staff-1' }, 'PARTNER')).rejects.toMatchObject({
    extensions: { code: 'FORBIDDEN' },
  });
  await expect(resolve('Lead', 'name', { name: 'Ann' }, 'ANALYST')).resolves.toBeNull();
  await expect(resolve('Lead', 'name', { name: 'Ann' }, 'SALES')).resolves.toBe('Ann');
  await expect(resolve('Customer', 'name', { name: 'Acme' }, 'PARTNER')).resolves.toBe('Acme');
});
