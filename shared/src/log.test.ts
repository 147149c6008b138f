import { logFormat, logger } from './log';
import { runAsActor } from './request-scope';

/** The logger's two formats: one JSON object per line (production), `[service] msg` elsewhere. */
describe('logger', () => {
  const saved = { format: process.env.LOG_FORMAT, env: process.env.NODE_ENV };
  let lines: unknown[][];
  beforeEach(() => {
    lines = [];
    for (const level of ['log', 'warn', 'error'] as const)
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void lines.push([level, ...args]));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved.format === undefined) delete process.env.LOG_FORMAT;
    else process.env.LOG_FORMAT = saved.format;
    process.env.NODE_ENV = saved.env;
  });

  test('json is the default in production, pretty elsewhere; LOG_FORMAT decides when set', () => {
    expect(logFormat({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({ NODE_ENV: 'development' })).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(logFormat({ LOG_FORMAT: 'JSON' })).toBe('json');
  });

  test('json: one object per line with level, service, msg, time, the requestId and the error', async () => {
    process.env.LOG_FORMAT = 'json';
    const error = new Error('boom\nsecond line');
    await runAsActor({ requestId: 'req-42', service: 'partners' }, async () => {
      logger('outbox').error('dispatch round failed\n{"level":"info"}', error, { attempt: 3 });
    });
    logger('gateway').info('listening');
    expect(lines).toHaveLength(2);
    const [level, line] = lines[0]! as [string, string];
    expect(level).toBe('error');
    expect(line.split('\n')).toHaveLength(1); // no line injection: newlines are escaped
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'error',
      service: 'partners',
      component: 'outbox',
      msg: 'dispatch round failed\n{"level":"info"}',
      requestId: 'req-42',
      attempt: 3,
      error: { name: 'Error', message: 'boom\nsecond line' },
    });
    expect(String((entry.error as { stack: string }).stack)).toContain('log.test.ts');
    expect(Number.isNaN(Date.parse(String(entry.time)))).toBe(false);
    expect(entry).not.toHaveProperty('traceId'); // tracing is off
    const [infoLevel, info] = lines[1]! as [string, string];
    expect(infoLevel).toBe('log');
    expect(JSON.parse(info)).toMatchObject({ level: 'info', service: 'gateway', msg: 'listening' });
    expect(JSON.parse(info)).not.toHaveProperty('requestId');
  });

  test('pretty: the message as it always read, the detail beside it', () => {
    process.env.LOG_FORMAT = 'pretty';
    logger('jobs').error('test.fails failed', 'Error: boom');
    logger('gateway').warn('rate limits: Redis answers again');
    expect(lines).toEqual([
      ['error', '[jobs] test.fails failed', 'Error: boom'],
      ['warn', '[gateway] rate limits: Redis answers again'],
    ]);
  });
});
