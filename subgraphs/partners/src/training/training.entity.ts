import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum CourseLevel {
  FOUNDATION = 'FOUNDATION',
  PROFESSIONAL = 'PROFESSIONAL',
  EXPERT = 'EXPERT',
}
registerEnumType(CourseLevel, { name: 'CourseLevel' });

export enum EnrolmentStatus {
  ENROLLED = 'ENROLLED',
  PASSED = 'PASSED',
  FAILED = 'FAILED',
}
registerEnumType(EnrolmentStatus, { name: 'EnrolmentStatus' });

/** A partner training course; passing it certifies the person for `validityMonths`. */
@ObjectType()
@Entity({ name: 'courses' })
export class Course extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  title: string;

  @Field(() => CourseLevel)
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
@ObjectType()
@Entity({ name: 'enrolments' })
export class Enrolment extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  courseId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text' })
  userEmail: string;

  @Field(() => EnrolmentStatus)
  @Column({ type: 'text' })
  status: EnrolmentStatus;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  score: number | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;
}

/** Proof that a partner user passed a course; it expires. */
@ObjectType()
@Entity({ name: 'certifications' })
export class Certification extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  courseId: string;

  @Column({ type: 'uuid' })
  enrolmentId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text' })
  userEmail: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  issuedAt: Date;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;
}

export const CourseConnection = connectionType('Course', Course);
export const EnrolmentConnection = connectionType('Enrolment', Enrolment);
export const CertificationConnection = connectionType('Certification', Certification);
