export { Course } from './training.entity';
export { existingCourseIds, scopedPartnerId } from './training.service';
