export { Order } from './order.entity';
export { findOrder } from './order.service';
