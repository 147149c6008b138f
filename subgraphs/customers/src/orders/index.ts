export { Order } from './order.entity';
export { findOrder } from './order.service';
export { orderTimelineSource } from './order.timeline';
export { revenueOrdersOfCustomersSql } from './order.sql';
