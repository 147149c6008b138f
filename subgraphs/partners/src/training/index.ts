export { Course } from './training.entity';
export { existingCourseIds, scopedPartnerId } from './training.service';
export { activeCertificationsSql, trainingsPassedSql } from './training.stats-sql';
