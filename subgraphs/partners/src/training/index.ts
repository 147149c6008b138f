export { Course } from './training.entity';
export { scopedPartnerId } from './training.service';
