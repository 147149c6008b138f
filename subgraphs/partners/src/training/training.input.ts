import { Field, ID, InputType, Int } from 'type-graphql';
import { CourseLevel } from './training.entity';

@InputType({ description: 'A new training course (CHANNEL_MANAGER and ADMIN).' })
export class CreateCourseInput {
  @Field(() => String, { description: 'Title of the course.' })
  title: string;

  @Field(() => CourseLevel, { description: 'How advanced the course is.' })
  level: CourseLevel;

  @Field(() => Int, { description: 'Lowest passing score, 1-100.' })
  passingScore: number;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 24,
    description: 'Certification validity, 1-120 months.',
  })
  validityMonths?: number;
}

@InputType({ description: 'Enrols the calling partner user in a course.' })
export class EnrolInCourseInput {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => ID, {
    nullable: true,
    description: "Defaults to the caller's own partner for a partner user.",
  })
  partnerId?: string | null;

  @Field(() => String, { description: 'Email of one of the partner’s users.' })
  userEmail: string;
}
