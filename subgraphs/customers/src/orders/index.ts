export { Order } from './order.entity';
export { orderRepo } from './order.service';
