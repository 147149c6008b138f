import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum CourseLevel {
  FOUNDATION = 'FOUNDATION',
  PROFESSIONAL = 'PROFESSIONAL',
  EXPERT = 'EXPERT',
}
registerEnumType(CourseLevel, {
  name: 'CourseLevel',
  description: 'How advanced a course is.',
  valuesConfig: {
    FOUNDATION: { description: 'Entry level.' },
    PROFESSIONAL: { description: 'For practitioners.' },
    EXPERT: { description: 'Advanced.' },
  },
});

export enum EnrolmentStatus {
  ENROLLED = 'ENROLLED',
  PASSED = 'PASSED',
  FAILED = 'FAILED',
}
registerEnumType(EnrolmentStatus, {
  name: 'EnrolmentStatus',
  description: 'Where a course enrolment stands.',
  valuesConfig: {
    ENROLLED: { description: 'Enrolled, not yet completed.' },
    PASSED: { description: 'Completed with a passing score; a certification was issued.' },
    FAILED: { description: 'Completed below the passing score.' },
  },
});

/** A partner training course; passing it certifies the person for `validityMonths`. */
@ObjectType({
  description:
    'A partner training course; passing it earns a certification (CHANNEL_MANAGER and ADMIN manage courses; partners read them).',
})
@Entity({ name: 'courses' })
export class Course extends BusinessRecord {
  @Field(() => String, { description: 'Title of the course.' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => CourseLevel, { description: 'How advanced the course is.' })
  @Column({ type: 'text' })
  level: CourseLevel;

  @Field(() => Int, { description: 'Lowest score (0-100) that passes.' })
  @Column({ type: 'int' })
  passingScore: number;

  @Field(() => Int, { description: 'How long a certification from this course stays valid.' })
  @Column({ type: 'int' })
  validityMonths: number;
}

/** A partner user taking a course. */
@ObjectType({
  description:
    "A partner user's enrolment in a course and its result. Partners see only their own partner's.",
})
@Entity({ name: 'enrolments' })
export class Enrolment extends BusinessRecord {
  @Field(() => ID, { description: 'The partner of the enrolled user.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => ID, { description: 'The course.' })
  @Column({ type: 'uuid' })
  courseId: string;

  @Field(() => String, { description: 'Email of the enrolled user (personal data).', nullable: true })
  @Column({ type: 'text' })
  userEmail: string;

  @Field(() => EnrolmentStatus, { description: 'Where the enrolment stands.' })
  @Column({ type: 'text' })
  status: EnrolmentStatus;

  @Field(() => Int, { description: 'The final score, 0 to 100; null until completed.', nullable: true })
  @Column({ type: 'int', nullable: true })
  score: number | null;

  @Field(() => Date, { description: 'When the course was completed.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;
}

/** Proof that a partner user passed a course; it expires. */
@ObjectType({
  description:
    "A certification a partner's user earned by passing a course; it expires. Partners see only their own partner's.",
})
@Entity({ name: 'certifications' })
export class Certification extends BusinessRecord {
  @Field(() => ID, { description: 'The partner whose user holds the certification.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => ID, { description: 'The course that was passed.' })
  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'uuid' })
  enrolmentId: string;

  @Field(() => String, {
    description: 'Email of the certified user (personal data: hidden from roles that may not see it).',
    nullable: true,
  })
  @Column({ type: 'text' })
  userEmail: string;

  @Field(() => String, { description: 'Name of the certification, from the course.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Date, { description: 'When the certification was issued.' })
  @Column({ type: 'timestamptz', precision: 3 })
  issuedAt: Date;

  @Field(() => Date, { description: 'When the certification stops counting (for tiers, too).' })
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;
}

export const CourseConnection = connectionType('Course', Course);
export const EnrolmentConnection = connectionType('Enrolment', Enrolment);
export const CertificationConnection = connectionType('Certification', Certification);
