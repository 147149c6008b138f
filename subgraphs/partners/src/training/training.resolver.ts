import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { ConnectionArgs, paginate, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners';
import {
  Certification,
  CertificationConnection,
  Course,
  CourseConnection,
  Enrolment,
  EnrolmentConnection,
} from './training.entity';
import { CreateCourseInput, EnrolInCourseInput } from './training.input';
import { expiryWindow } from './training.rules';
import {
  certificationByEnrolmentLoader,
  certificationRepo,
  courseRepo,
  createCourse,
  enrolInCourse,
  enrolmentRepo,
  getCourse,
  recordCourseCompletion,
} from './training.service';

const EXPIRY_ORDER = { property: 'expiresAt', direction: 'ASC' } as const;

@Resolver(() => Partner)
export class PartnerTrainingResolver {
  @Query(() => CourseConnection, {
    description: 'The course catalogue. Roles: CHANNEL_MANAGER, ANALYST, PARTNER and ADMIN.',
  })
  async courses(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Course>> {
    authorize(ctx.identity, 'read', 'Course');
    const repo = courseRepo(ctx);
    return paginate(repo, await ctx.scope.query(repo, 'course'), args);
  }

  @Query(() => CertificationConnection, {
    description:
      'Certifications still valid that expire within the next `withinDays` days, soonest first. Roles: CHANNEL_MANAGER, ANALYST, PARTNER and ADMIN.',
  })
  async expiringCertifications(
    @Arg('withinDays', () => Int, { description: 'How many days ahead to look.' }) withinDays: number,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Certification>> {
    authorize(ctx.identity, 'read', 'Training');
    const { from, to } = expiryWindow(new Date(), withinDays);
    const repo = certificationRepo(ctx);
    const qb = repo
      .createQueryBuilder('certification')
      .where('certification.expires_at > :from AND certification.expires_at <= :to', { from, to });
    return paginate(repo, await ctx.scope.where(qb), args, EXPIRY_ORDER);
  }

  @Mutation(() => Course, { description: 'Creates a training course (CHANNEL_MANAGER and ADMIN).' })
  async createCourse(
    @Arg('input', () => CreateCourseInput, { description: 'The new course.' }) input: CreateCourseInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<Course> {
    authorize(ctx.identity, 'create', 'Course');
    return createCourse(ctx, input);
  }

  @Mutation(() => Enrolment, { description: "Enrols one of a partner's users in a course." })
  async enrolInCourse(
    @Arg('input', () => EnrolInCourseInput, { description: 'The course.' }) input: EnrolInCourseInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<Enrolment> {
    authorize(ctx.identity, 'create', 'Training');
    return enrolInCourse(ctx, input);
  }

  @Mutation(() => Enrolment, {
    description:
      'Records a score; a pass issues a certification and counts as the first training passed while onboarding. Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async recordCourseCompletion(
    @Arg('enrolmentId', () => ID, { description: 'The enrolment.' }) enrolmentId: string,
    @Arg('score', () => Int, { description: 'The final score, 0 to 100.' }) score: number,
    @Ctx() ctx: PartnersContext,
  ): Promise<Enrolment> {
    authorize(ctx.identity, 'update', 'Training');
    return recordCourseCompletion(ctx, enrolmentId, score);
  }

  @FieldResolver(() => CertificationConnection, {
    description: "Certifications the partner's users hold, oldest first.",
  })
  async certifications(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Certification>> {
    authorize(ctx.identity, 'read', 'Training');
    return ctx.loaders.connection(certificationRepo(ctx), 'partnerId', args).load(partner.id);
  }

  @FieldResolver(() => EnrolmentConnection, {
    description: "Course enrolments of the partner's users, oldest first.",
  })
  async enrolments(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Enrolment>> {
    authorize(ctx.identity, 'read', 'Training');
    return ctx.loaders.connection(enrolmentRepo(ctx), 'partnerId', args).load(partner.id);
  }
}

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  @FieldResolver(() => Course, { description: 'The course.' })
  async course(@Root() enrolment: Enrolment, @Ctx() ctx: PartnersContext): Promise<Course> {
    authorize(ctx.identity, 'read', 'Course');
    return getCourse(ctx, enrolment.courseId);
  }

  @FieldResolver(() => Certification, {
    nullable: true,
    description: 'Issued when the enrolment was passed.',
  })
  async certification(
    @Root() enrolment: Enrolment,
    @Ctx() ctx: PartnersContext,
  ): Promise<Certification | null> {
    authorize(ctx.identity, 'read', 'Training');
    return (await certificationByEnrolmentLoader(ctx).load(enrolment.id))[0] ?? null;
  }
}

@Resolver(() => Certification)
export class CertificationResolver {
  @FieldResolver(() => Course, { description: 'The course that was passed.' })
  async course(@Root() certification: Certification, @Ctx() ctx: PartnersContext): Promise<Course> {
    authorize(ctx.identity, 'read', 'Course');
    return getCourse(ctx, certification.courseId);
  }
}
