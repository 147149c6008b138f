import { JobRunner, jobsIntervalMs, type ScheduledJob } from '@sales-graph/shared/jobs/jobs';
import {
  approveRegistration,
  as,
  client,
  createCustomer,
  inDays,
  partnerUser,
  registerDeal,
  seedPartner,
  startTestGraph,
} from '../support';
import type { TestGraph } from '../support';
import { manualTimer, turn } from '../support/timer';

/**
 * The PRM's time-based rules run on their own: with a short job interval, a lead offer past its
 * respond-by time is expired and its lead re-routed, and an approved registration past its
 * protection expires, without anyone calling a mutation. Two runners never run the same job at
 * once, and a failing job is rolled back and logged without stopping the others.
 */
const { channelManager: CM, admin: ADMIN } = as;
const JOBS_ACTOR = 'service:partners:jobs';

let graph: TestGraph;
const partners: Record<string, string> = {};
let customerId: string;

const { ok } = client(() => graph, CM);

/** The job runner the PRM's listen() started (the test awaits its rounds, never the clock). */
const jobs = () => graph.partners.jobs!;

beforeAll(async () => {
  graph = await startTestGraph({ jobsIntervalMs: 100 });
  for (const name of ['Alpha', 'Bravo']) {
    partners[name] = await seedPartner(graph, {
      name: `${name} Partners`,
      tier: 'GOLD',
      region: 'EMEA',
      domain: `${name.toLowerCase()}.example`,
    });
  }
  customerId = (await createCustomer(graph, { name: 'Jobs Retail Co', industry: 'Retail', region: 'EMEA' }))
    .id;
  await ok(
    `mutation { createDistributionRule(input: { name: "EMEA retail", priority: 1, region: "EMEA", industry: "retail",
      minTier: GOLD, responseSlaHours: 24, maxOpenOffersPerPartner: 5 }) { id } }`,
  );
});

afterAll(async () => {
  await graph?.stop();
});

describe('the jobs that listen() starts', () => {
  it('expires an overdue lead offer and re-routes its lead, with no mutation called', async () => {
    const lead = (
      await ok(
        `mutation($c: ID) { createLead(input: { name: "Overdue Lead", email: "overdue@prospect.example", source: WEB, customerId: $c }) { id } }`,
        { c: customerId },
        ADMIN,
      )
    ).createLead.id as string;
    const first = (
      await ok(`mutation($l: ID!) { distributeLead(leadId: $l) { id status partner { id } } }`, { l: lead })
    ).distributeLead;
    expect(first.status).toBe('OFFERED');
    // Still within its SLA: two rounds later it is untouched.
    await jobs().nextRound();
    expect(await jobs().nextRound()).toContainEqual({
      name: 'lead-offers.expire',
      status: 'done',
      result: { expired: 0 },
    });
    const OFFER = `query($o: ID!) { leadOffer(id: $o) { id status nextOffer { id status partner { id } previousOffer { id } } } }`;
    expect((await ok(OFFER, { o: first.id })).leadOffer).toEqual({
      id: first.id,
      status: 'OFFERED',
      nextOffer: null,
    });

    await graph.prm.query(
      `UPDATE prm.lead_offers SET offered_at = now() - interval '2 days', respond_by = now() - interval '1 minute' WHERE id = $1`,
      [first.id],
    );
    // Once the next round that starts has run (a round already running may expire it first).
    await jobs().nextRound();
    const after = (await ok(OFFER, { o: first.id })).leadOffer;
    const other = Object.values(partners).find((id) => id !== first.partner.id);
    expect(after).toEqual({
      id: first.id,
      status: 'EXPIRED',
      nextOffer: {
        id: expect.any(String),
        status: 'OFFERED',
        partner: { id: other },
        previousOffer: { id: first.id },
      },
    });
    // Audited as the jobs' service identity (the expiry, then the link to the next offer).
    const audit = await graph.prm.query(
      `SELECT DISTINCT actor_sub FROM prm.audit_log WHERE record_type = 'LeadOffer' AND record_id = $1
       AND after->>'status' = 'EXPIRED' AND before->>'status' = 'OFFERED'`,
      [first.id],
    );
    expect(audit).toEqual([{ actor_sub: JOBS_ACTOR }]);
  });

  it('expires an approved registration past its protection, with no mutation called', async () => {
    const partner = await partnerUser(graph, partners.Alpha);
    const { id } = await registerDeal(
      graph,
      {
        prospectCompanyName: 'Initech',
        prospectDomain: 'initech.example',
        estimatedAmount: '1200.00',
        currency: 'EUR',
        expectedCloseDate: inDays(60),
        products: ['Storage'],
      },
      partner,
    );
    const approved = await approveRegistration(graph, id, { identity: CM });
    expect(approved.status).toBe('APPROVED');
    const STATUS = `query($id: ID!) { dealRegistration(id: $id) { status } }`;
    await jobs().nextRound();
    await jobs().nextRound();
    expect((await ok(STATUS, { id })).dealRegistration.status).toBe('APPROVED');

    await graph.prm.query(
      `UPDATE prm.deal_registrations SET protected_until = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
    // Once the next round that starts has run (a round already running may expire it first).
    await jobs().nextRound();
    expect((await ok(STATUS, { id }, partner)).dealRegistration.status).toBe('EXPIRED');
    // The expiry itself: the entry whose change is APPROVED → EXPIRED (the outbox may record its
    // own later update of the same row, e.g. the delivered deal, whose snapshot also reads EXPIRED).
    const audit = await graph.prm.query(
      `SELECT actor_sub FROM prm.audit_log WHERE record_type = 'DealRegistration' AND record_id = $1
       AND after->>'status' = 'EXPIRED' AND before->>'status' = 'APPROVED'`,
      [id],
    );
    expect(audit).toEqual([{ actor_sub: JOBS_ACTOR }]);
  });
});

describe('the job runner', () => {
  it('reads its interval from JOBS_INTERVAL_MS: 60 s by default, 0 = off', () => {
    const saved = process.env.JOBS_INTERVAL_MS;
    try {
      delete process.env.JOBS_INTERVAL_MS;
      expect(jobsIntervalMs()).toBe(60_000);
      process.env.JOBS_INTERVAL_MS = '0';
      expect(jobsIntervalMs()).toBe(0);
      process.env.JOBS_INTERVAL_MS = '-5';
      expect(() => jobsIntervalMs()).toThrow('JOBS_INTERVAL_MS');
    } finally {
      if (saved === undefined) delete process.env.JOBS_INTERVAL_MS;
      else process.env.JOBS_INTERVAL_MS = saved;
    }
  });

  it('never runs one job on two runners at once', async () => {
    // On a PostgreSQL server both transactions are open at once. (The embedded PGlite serves one
    // connection: there the runners take turns, and neither can hold the other up.)
    const concurrent = Boolean(process.env.TEST_DATABASE_URL);
    let running = 0;
    let overlapped = false;
    let runs = 0;
    // The job holds its lock until the test releases it (a barrier, not a sleep).
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    if (!concurrent) release();
    const slow: ScheduledJob = {
      name: 'test.slow',
      run: async () => {
        running += 1;
        runs += 1;
        if (running > 1) overlapped = true;
        await released;
        running -= 1;
        return 'ran';
      },
    };
    const one = new JobRunner(graph.prm, [slow], { intervalMs: 0 });
    const two = new JobRunner(graph.prm, [slow], { intervalMs: 0 });
    const rounds = [one.runOnce(), two.runOnce()];
    if (concurrent) {
      // While one runner holds the job (and its lock), the other finds the lock taken and skips it.
      expect(await Promise.race(rounds)).toEqual([{ name: 'test.slow', status: 'skipped' }]);
      release();
    }
    const [a, b] = await Promise.all(rounds);
    expect(overlapped).toBe(false);
    const statuses = [a[0].status, b[0].status].sort();
    expect(statuses).toEqual(concurrent ? ['done', 'skipped'] : ['done', 'done']);
    expect(runs).toBe(concurrent ? 1 : 2);
    // The lock ends with the job's transaction: the next round runs it again.
    expect(await two.runOnce()).toEqual([{ name: 'test.slow', status: 'done', result: 'ran' }]);
    expect(runs).toBe(concurrent ? 2 : 3);
  });

  it('rolls back and logs a failing job, and still runs the others', async () => {
    await graph.prm.query(`CREATE TABLE prm.job_probe (name text NOT NULL)`);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const write = (name: string, fail: boolean): ScheduledJob => ({
        name,
        run: async (manager) => {
          await manager.query(`INSERT INTO prm.job_probe (name) VALUES ($1)`, [name]);
          if (fail) throw new Error('boom');
          return name;
        },
      });
      const runner = new JobRunner(graph.prm, [write('test.fails', true), write('test.works', false)], {
        intervalMs: 0,
      });
      expect(await runner.runOnce()).toEqual([
        { name: 'test.fails', status: 'failed', error: 'Error: boom' },
        { name: 'test.works', status: 'done', result: 'test.works' },
      ]);
      expect(await graph.prm.query(`SELECT name FROM prm.job_probe`)).toEqual([{ name: 'test.works' }]);
      expect(errors).toHaveBeenCalledWith('[jobs] test.fails failed', 'Error: boom');
    } finally {
      errors.mockRestore();
      await graph.prm.query(`DROP TABLE prm.job_probe`);
    }
  });

  it('keeps running rounds on its interval after a failure, until stopped', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const manual = manualTimer();
    let attempts = 0;
    const runner = new JobRunner(
      graph.prm,
      [
        {
          name: 'test.flaky',
          run: async () => {
            attempts += 1;
            throw new Error('still failing');
          },
        },
      ],
      { intervalMs: 20, timer: manual.timer },
    );
    try {
      runner.start();
      expect(manual.pendingMs()).toEqual([20]);
      for (let round = 1; round <= 3; round += 1) {
        expect(await turn(manual, runner)).toEqual([
          { name: 'test.flaky', status: 'failed', error: 'Error: still failing' },
        ]);
        expect(attempts).toBe(round);
        expect(manual.pendingMs()).toEqual([20]); // the next round is scheduled after a failure
      }
      await runner.stop();
      expect(runner.running).toBe(false);
      expect(manual.pendingMs()).toEqual([]);
      expect(manual.fire()).toBe(0);
      expect(attempts).toBe(3);
    } finally {
      await runner.stop();
      errors.mockRestore();
    }
  });

  it('runs its rounds at the instant of its clock', async () => {
    const manual = manualTimer();
    const seen: Date[] = [];
    const at = new Date('2031-05-01T08:00:00.000Z');
    const runner = new JobRunner(
      graph.prm,
      [{ name: 'test.clock', run: async (_manager, now) => void seen.push(now) }],
      { intervalMs: 1000, timer: manual.timer, clock: () => at },
    );
    runner.start();
    try {
      await turn(manual, runner);
      await runner.runOnce();
      expect(seen).toEqual([at, at]);
    } finally {
      await runner.stop();
    }
  });
});
