import { In, Not, type EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { PRM_DEMO_NOW } from '../onboarding';
import { PartnerUser, PartnerUserStatus } from '../partner-users';
import { Partner, PartnerStatus } from '../partners';
import { Certification, Course, CourseLevel, Enrolment, EnrolmentStatus } from './training.entity';
import { certificationExpiry } from './training.rules';
import { DAY_MS, HOUR_MS } from '@sales-graph/shared/time';

const COURSES: { title: string; level: CourseLevel; passingScore: number; validityMonths: number }[] = [
  { title: 'Sales Graph Foundations', level: CourseLevel.FOUNDATION, passingScore: 70, validityMonths: 24 },
  { title: 'Partner Sales Methodology', level: CourseLevel.FOUNDATION, passingScore: 75, validityMonths: 24 },
  { title: 'Solution Architecture', level: CourseLevel.PROFESSIONAL, passingScore: 80, validityMonths: 18 },
  {
    title: 'Implementation and Data Migration',
    level: CourseLevel.PROFESSIONAL,
    passingScore: 80,
    validityMonths: 18,
  },
  {
    title: 'Security and Compliance Specialist',
    level: CourseLevel.EXPERT,
    passingScore: 85,
    validityMonths: 12,
  },
  { title: 'Managed Services Operations', level: CourseLevel.EXPERT, passingScore: 85, validityMonths: 12 },
];

/**
 * The course catalogue, and each partner team's training: established partners' admins passed
 * the foundations course (their first training), others took one to three courses, with passes
 * (certified, some expiring soon or already expired), failures and open enrolments. Partners
 * still onboarding have only open enrolments.
 */
export async function seedTraining(manager: EntityManager, rng: DemoRandom): Promise<void> {
  if ((await manager.count(Course)) > 0) return;
  const courses = await manager.save(
    COURSES.map((course) =>
      manager.create(Course, {
        ...course,
        id: rng.uuid(),
        createdAt: new Date(PRM_DEMO_NOW.getTime() - 1000 * DAY_MS),
        createdBy: 'seed',
      }),
    ),
  );
  const partners = await manager.find(Partner, {
    where: { status: In([PartnerStatus.ONBOARDING, PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED]) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const users = await manager.find(PartnerUser, {
    where: { status: Not(PartnerUserStatus.REMOVED) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const enrolments: Enrolment[] = [];
  const certifications: Certification[] = [];

  for (const partner of partners) {
    const team = users.filter((user) => user.partnerId === partner.id);
    const onboarding = partner.status === PartnerStatus.ONBOARDING;
    for (const [index, user] of team.entries()) {
      const picks = new Set<Course>(index === 0 ? [courses[0]] : []);
      const wanted = onboarding ? picks.size : picks.size + rng.int(index === 0 ? 0 : 1, index === 0 ? 2 : 3);
      while (picks.size < wanted) picks.add(rng.pick(courses));
      for (const course of picks) {
        const enrolledAt = new Date(
          Math.max(partner.createdAt.getTime(), PRM_DEMO_NOW.getTime() - rng.int(20, 700) * DAY_MS),
        );
        const firstTraining = index === 0 && course === courses[0] && !onboarding;
        const open = onboarding || (!firstTraining && rng.chance(0.2));
        const score = open ? null : firstTraining ? rng.int(course.passingScore, 100) : rng.int(62, 100);
        const completedAt = open
          ? null
          : new Date(
              Math.max(
                enrolledAt.getTime() + HOUR_MS,
                Math.min(enrolledAt.getTime() + rng.int(3, 30) * DAY_MS, PRM_DEMO_NOW.getTime() - DAY_MS),
              ),
            );
        const passed = score !== null && score >= course.passingScore;
        const enrolment = manager.create(Enrolment, {
          id: rng.uuid(),
          partnerId: partner.id,
          courseId: course.id,
          userEmail: user.email,
          status: open ? EnrolmentStatus.ENROLLED : passed ? EnrolmentStatus.PASSED : EnrolmentStatus.FAILED,
          score,
          completedAt,
          createdAt: enrolledAt,
          createdBy: 'seed',
        });
        enrolments.push(enrolment);
        if (passed && completedAt) {
          certifications.push(
            manager.create(Certification, {
              id: rng.uuid(),
              partnerId: partner.id,
              courseId: course.id,
              enrolmentId: enrolment.id,
              userEmail: user.email,
              name: course.title,
              issuedAt: completedAt,
              expiresAt: certificationExpiry(completedAt, course.validityMonths),
              createdAt: completedAt,
              createdBy: 'seed',
            }),
          );
        }
      }
    }
  }
  await manager.save(enrolments, { chunk: 200 });
  await manager.save(certifications, { chunk: 200 });
}
