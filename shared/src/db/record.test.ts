import { getMetadataArgsStorage, type ValueTransformer } from 'typeorm';
import { getMetadataStorage } from 'type-graphql';
import { CurrencyField } from './record';

class Priced {
  @CurrencyField()
  currency: string;

  @CurrencyField({ nullable: true, description: 'ISO 4217 code of the budget.' })
  budgetCurrency: string | null;

  @CurrencyField({ crossesSubgraphs: true })
  sharedCurrency: string;
}

const column = (property: string) =>
  getMetadataArgsStorage().columns.find((c) => c.target === Priced && c.propertyName === property)!;
const field = (property: string) =>
  getMetadataStorage().fields.find((f) => f.target === Priced && f.name === property)!;

describe('@CurrencyField', () => {
  it('declares a char(3) column and a String field', () => {
    expect(column('currency').options).toMatchObject({ type: 'char', length: 3, nullable: false });
    expect(column('budgetCurrency').options).toMatchObject({ type: 'char', length: 3, nullable: true });
    expect(field('currency')).toMatchObject({
      description: 'ISO 4217 currency code.',
      typeOptions: expect.objectContaining({ nullable: false }),
    });
    expect(field('budgetCurrency')).toMatchObject({
      description: 'ISO 4217 code of the budget.',
      typeOptions: expect.objectContaining({ nullable: true }),
    });
  });

  it('makes a NOT NULL column crossing the subgraphs a nullable field', () => {
    expect(column('sharedCurrency').options).toMatchObject({ nullable: false });
    expect(field('sharedCurrency').typeOptions).toMatchObject({ nullable: true });
  });

  it('writes what parseCurrency answers: upper-cased, a known code, else BAD_USER_INPUT', () => {
    const transformer = column('currency').options.transformer as ValueTransformer;
    expect(transformer.to(' eur ')).toBe('EUR');
    expect(transformer.to(null)).toBeNull();
    expect(() => transformer.to('XYZ')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'currency' }),
      }),
    );
    expect(transformer.from('USD')).toBe('USD');
  });
});
