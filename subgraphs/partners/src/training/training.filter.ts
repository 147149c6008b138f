import { registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { CourseLevel } from './training.entity';

export const CourseLevelFilter = enumFilter('CourseLevel', CourseLevel);

@FilterInput()
export class CourseFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) title?: StringFilter;
  @FilterField(() => CourseLevelFilter) level?: InstanceType<typeof CourseLevelFilter>;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum CourseOrderField {
  TITLE = 'title',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CourseOrderField, {
  name: 'CourseOrderField',
  description: 'What a list of courses can be ordered by.',
  valuesConfig: {
    TITLE: { description: 'The course title.' },
    CREATED_AT: { description: 'When the course was added.' },
    UPDATED_AT: { description: 'When the course last changed (for incremental sync).' },
  },
});
export const CourseOrder = orderByInput('Course', CourseOrderField);

/** What `courses(search:)` looks in. */
export const COURSE_SEARCH = ['title'];

@FilterInput({
  description:
    'Conditions on certifications (within the expiry window asked for), combined with `and`, `or` and `not`.',
})
export class CertificationFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => IdFilter) partnerId?: IdFilter;
  @FilterField(() => IdFilter) courseId?: IdFilter;
  @FilterField(() => DateTimeFilter) issuedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum CertificationOrderField {
  EXPIRES_AT = 'expiresAt',
  ISSUED_AT = 'issuedAt',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CertificationOrderField, {
  name: 'CertificationOrderField',
  description: 'What a list of certifications can be ordered by.',
  valuesConfig: {
    EXPIRES_AT: { description: 'When the certification stops counting.' },
    ISSUED_AT: { description: 'When the certification was issued.' },
    CREATED_AT: { description: 'When the certification was recorded.' },
    UPDATED_AT: { description: 'When the certification last changed (for incremental sync).' },
  },
});
export const CertificationOrder = orderByInput('Certification', CertificationOrderField);
