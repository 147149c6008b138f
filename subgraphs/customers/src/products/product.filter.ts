import { registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';

@FilterInput()
export class ProductFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) sku?: StringFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => StringFilter) family?: StringFilter;
  @FilterField(() => Boolean, { op: 'eq', description: 'Only active (true) or inactive (false) products.' })
  active?: boolean | null;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum ProductOrderField {
  NAME = 'name',
  FAMILY = 'family',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(ProductOrderField, {
  name: 'ProductOrderField',
  description: 'What a list of products can be ordered by.',
  valuesConfig: {
    NAME: { description: 'The product name.' },
    FAMILY: { description: 'The product family.' },
    CREATED_AT: { description: 'When the product was created.' },
    UPDATED_AT: { description: 'When the product last changed (for incremental sync).' },
  },
});
export const ProductOrder = orderByInput('Product', ProductOrderField);

/** What `products(search:)` looks in. */
export const PRODUCT_SEARCH = ['name', 'sku'];

@FilterInput()
export class PriceBookFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => String, { op: 'eq', description: 'Only books in this currency (ISO 4217).' })
  currency?: string | null;
  @FilterField(() => Boolean, { op: 'eq', description: 'Only standard (true) or other (false) books.' })
  isStandard?: boolean | null;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum PriceBookOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(PriceBookOrderField, {
  name: 'PriceBookOrderField',
  description: 'What a list of price books can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the book was created.' },
    UPDATED_AT: { description: 'When the book last changed (for incremental sync).' },
  },
});
export const PriceBookOrder = orderByInput('PriceBook', PriceBookOrderField);

/** What `priceBooks(search:)` looks in. */
export const PRICE_BOOK_SEARCH = ['name'];
