import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
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
import { CertificationFilter, CertificationOrder, CourseFilter, CourseOrder } from './training.filter';
import { CreateCourseInput, EnrolInCourseInput } from './training.input';
import {
  certificationByEnrolmentLoader,
  certificationRepo,
  createCourse,
  enrolInCourse,
  enrolmentRepo,
  getCourse,
  listCourses,
  listExpiringCertifications,
  recordCourseCompletion,
} from './training.service';

@Resolver(() => Partner)
export class PartnerTrainingResolver {
  @Query(() => CourseConnection, {
    description:
      'The course catalogue, in creation order unless `orderBy` says otherwise. Roles: CHANNEL_MANAGER, ANALYST, PARTNER and ADMIN.',
  })
  async courses(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CourseFilter, {
      description: 'Only courses meeting these conditions.',
      nullable: true,
    })
    filter: CourseFilter | undefined,
    @Arg('orderBy', () => CourseOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Title contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Course>> {
    authorize(ctx.identity, 'read', 'Course');
    return listCourses(ctx, args, { filter, orderBy, search });
  }

  @Query(() => CertificationConnection, {
    description:
      'Certifications still valid that expire within the next `withinDays` days, soonest first unless `orderBy` says otherwise. Roles: CHANNEL_MANAGER, ANALYST, PARTNER and ADMIN.',
  })
  async expiringCertifications(
    @Arg('withinDays', () => Int, { description: 'How many days ahead to look.' }) withinDays: number,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CertificationFilter, {
      description: 'Only certifications meeting these conditions.',
      nullable: true,
    })
    filter: CertificationFilter | undefined,
    @Arg('orderBy', () => CertificationOrder, {
      description: 'The order of the list; soonest expiry first when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Certification>> {
    authorize(ctx.identity, 'read', 'Training');
    return listExpiringCertifications(ctx, withinDays, args, { filter, orderBy });
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
