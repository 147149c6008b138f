import { listPage } from '@sales-graph/shared/graphql/list-page';
import { In } from 'typeorm';
import { assertId, BadUserInputError, ConflictError, NotFoundError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs, type SortKey } from '@sales-graph/shared/graphql/pagination';
import { intInRange, optionalEmail, requiredText } from '@sales-graph/shared/validation';
import type { PartnersContext } from '../context.type';
import { OnboardingStep, completeStepIn } from '../onboarding';
import { uniqueViolationAs } from '@sales-graph/shared/db/unique-violation';
import { hasLiveUser } from '../partner-users';
import { PartnerStatus, lockPartner, visiblePartnerId } from '../partners';
import { Certification, Course, Enrolment, EnrolmentStatus } from './training.entity';
import { CertificationFilter, COURSE_SEARCH, CourseFilter } from './training.filter';
import type { CreateCourseInput, EnrolInCourseInput } from './training.input';
import { assertCanEnrol, certificationExpiry, expiryWindow, gradeCompletion } from './training.rules';

export const courseRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(Course);

/** Those of `ids` (well-formed uuids) that name a live course. */
export async function existingCourseIds(ctx: PartnersContext, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await courseRepo(ctx).find({ where: { id: In(ids) }, select: { id: true } });
  return found.map((course) => course.id);
}
export const enrolmentRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(Enrolment);
export const certificationRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(Certification);

export async function getCourse(ctx: PartnersContext, id: string): Promise<Course> {
  const course = await ctx.loaders.byId(courseRepo(ctx)).load(assertId('Course', id));
  if (!course) throw new NotFoundError('Course', id);
  return course;
}

export async function createCourse(ctx: PartnersContext, input: CreateCourseInput): Promise<Course> {
  const values = {
    title: requiredText(input.title, 'title'),
    level: input.level,
    passingScore: intInRange(input.passingScore, 'passingScore', 1, 100),
    validityMonths: intInRange(input.validityMonths ?? 24, 'validityMonths', 1, 120),
  };
  return ctx.dataSource.transaction((manager) =>
    manager.save(manager.create(Course, { ...values, createdBy: ctx.identity.sub })),
  );
}

/**
 * The partner a partner-scoped input acts for: a partner user's own partner (naming another
 * one reads as NOT_FOUND); internal roles must name it.
 */
export function scopedPartnerId(ctx: PartnersContext, partnerId: string | null | undefined): string {
  if (partnerId) {
    const id = assertId('Partner', partnerId);
    if (!visiblePartnerId(ctx, id)) throw new NotFoundError('Partner', partnerId);
    return id;
  }
  if (ctx.identity.role === 'PARTNER' && ctx.identity.partnerId)
    return assertId('Partner', ctx.identity.partnerId);
  throw new BadUserInputError('partnerId is required', 'partnerId');
}

/** Enrols one of a partner's users in a course; one open enrolment per person and course. */
export async function enrolInCourse(ctx: PartnersContext, input: EnrolInCourseInput): Promise<Enrolment> {
  const partnerId = scopedPartnerId(ctx, input.partnerId);
  const courseId = assertId('Course', input.courseId);
  const userEmail = optionalEmail(input.userEmail, 'userEmail');
  if (!userEmail) throw new BadUserInputError('userEmail must not be empty', 'userEmail');
  return ctx.dataSource
    .transaction(async (manager) => {
      const partner = await lockPartner(ctx, manager, partnerId);
      assertCanEnrol(partner.status);
      if (!(await manager.exists(Course, { where: { id: courseId } })))
        throw new NotFoundError('Course', input.courseId);
      const member = await hasLiveUser(manager, partnerId, userEmail);
      if (!member) throw new BadUserInputError(`${userEmail} is not a user of this partner`, 'userEmail');
      const open = await manager.exists(Enrolment, {
        where: { courseId, userEmail, status: EnrolmentStatus.ENROLLED },
      });
      if (open) throw new ConflictError(`${userEmail} is already enrolled in this course`, 'userEmail');
      return manager.save(
        manager.create(Enrolment, {
          partnerId,
          courseId,
          userEmail,
          status: EnrolmentStatus.ENROLLED,
          createdBy: ctx.identity.sub,
        }),
      );
    })
    .catch(uniqueViolationAs(`${userEmail} is already enrolled in this course`, 'userEmail'));
}

/**
 * Records the result of an enrolment. A pass issues a certification (with its expiry) and, for
 * a partner still ONBOARDING, completes FIRST_TRAINING_PASSED (which may activate the partner),
 * all in one transaction.
 */
export async function recordCourseCompletion(
  ctx: PartnersContext,
  id: string,
  score: number,
): Promise<Enrolment> {
  const enrolmentId = assertId('Enrolment', id);
  intInRange(score, 'score', 0, 100);
  return ctx.dataSource.transaction(async (manager) => {
    const enrolment = await manager.findOne(Enrolment, {
      where: { id: enrolmentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!enrolment || !(await ctx.scope.allows(Enrolment, enrolment)))
      throw new NotFoundError('Enrolment', id);
    const course = await manager.findOneOrFail(Course, { where: { id: enrolment.courseId } });
    const { status, passed } = gradeCompletion(enrolment.status, score, course.passingScore);
    const now = new Date();
    Object.assign(enrolment, { status, score, completedAt: now });
    await manager.save(enrolment);
    if (passed) {
      await manager.insert(Certification, {
        partnerId: enrolment.partnerId,
        courseId: course.id,
        enrolmentId: enrolment.id,
        userEmail: enrolment.userEmail,
        name: course.title,
        issuedAt: now,
        expiresAt: certificationExpiry(now, course.validityMonths),
        createdBy: ctx.identity.sub,
      });
      const partner = await lockPartner(ctx, manager, enrolment.partnerId);
      if (partner.status === PartnerStatus.ONBOARDING) {
        await completeStepIn(manager, partner, OnboardingStep.FIRST_TRAINING_PASSED, ctx.identity.sub);
      }
    }
    return enrolment;
  });
}

export const certificationByEnrolmentLoader = (ctx: PartnersContext) =>
  ctx.loaders.manyBy(certificationRepo(ctx), 'enrolmentId');

/** `courses(filter, orderBy, search)`: the catalogue, in creation order unless `orderBy` says otherwise. */
export async function listCourses(
  ctx: PartnersContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Course>> {
  const repo = courseRepo(ctx);
  const qb = repo.createQueryBuilder('course');
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Course', filterType: CourseFilter, searchIn: COURSE_SEARCH },
    args,
    query,
  );
}

const EXPIRY_ORDER: SortKey = { property: 'expiresAt', direction: 'ASC' };

/**
 * `expiringCertifications(withinDays, filter, orderBy)`: certifications still valid that
 * expire within the window (soonest first by default), within the caller's row scope.
 */
export async function listExpiringCertifications(
  ctx: PartnersContext,
  withinDays: number,
  args: ConnectionArgs,
  query: ListQueryArgs,
  now = new Date(),
): Promise<Connection<Certification>> {
  const { from, to } = expiryWindow(now, withinDays);
  const repo = certificationRepo(ctx);
  const qb = repo
    .createQueryBuilder('certification')
    .where('certification.expires_at > :from AND certification.expires_at <= :to', { from, to });
  const spec = { typeName: 'Certification', filterType: CertificationFilter, searchIn: [] };
  // The scope is ANDed outside the filter's brackets: a partner's filter only narrows its own rows.
  return listPage(ctx, repo, qb, spec, args, query, EXPIRY_ORDER);
}
