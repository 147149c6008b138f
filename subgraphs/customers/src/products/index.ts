export { PriceBook, PriceBookEntry, Product } from './product.entity';
export { catalogueLines, findProduct, type CatalogueLine } from './product.service';
