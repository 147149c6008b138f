import { Field, ID, InputType, Int } from 'type-graphql';
import { CourseLevel } from './training.entity';

@InputType()
export class CreateCourseInput {
  @Field(() => String)
  title: string;

  @Field(() => CourseLevel)
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

@InputType()
export class EnrolInCourseInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => ID, {
    nullable: true,
    description: "Defaults to the caller's own partner for a partner user.",
  })
  partnerId?: string | null;

  @Field(() => String, { description: 'Email of one of the partner’s users.' })
  userEmail: string;
}
