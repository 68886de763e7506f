import { Writable } from 'node:stream';
import { createLogger, errorClass } from './logger';
import { runWithCorrelationId } from './correlation-id';

function capturingLogger(level: Parameters<typeof createLogger>[0] = 'log') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger(level, 'wegwijs-test', destination), lines };
}

describe('the process logger', () => {
  it('writes JSON lines with the level by name, the service and the correlation id of the work in hand', () => {
    const { logger, lines } = capturingLogger();
    runWithCorrelationId('0af7651916cd43dd8448eb211c80319c', () => logger.info({ trajectoryId: 'GM0392.HLM-2019-0042' }, 'milestone recorded'));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'wegwijs-test', correlationId: '0af7651916cd43dd8448eb211c80319c', trajectoryId: 'GM0392.HLM-2019-0042', msg: 'milestone recorded' }),
    ]);
    expect(lines[0].time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it('censors bodies, query strings, authorization headers and cookies should anything pass them', () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      { req: { headers: { authorization: 'Bearer eyJ.secret.sig', cookie: 'wegwijs_session=abc' }, body: { bsn: '111222333', name: 'Amina Tesfay' }, query: { bsn: '111222333' } } },
      'request',
    );
    const written = JSON.stringify(lines);
    for (const secret of ['eyJ.secret.sig', 'wegwijs_session=abc', '111222333', 'Amina Tesfay']) expect(written).not.toContain(secret);
    expect(lines[0].req).toEqual({ headers: { authorization: '[redacted]', cookie: '[redacted]' }, body: '[redacted]', query: '[redacted]' });
  });

  it('maps LOG_LEVEL onto pino: log is info, verbose is trace', () => {
    const { logger, lines } = capturingLogger('warn');
    logger.info('not written');
    logger.warn('written');
    expect(lines.map((line) => line.msg)).toEqual(['written']);
    expect(createLogger('verbose', 'x').level).toBe('trace');
    expect(createLogger('log', 'x').level).toBe('info');
  });

  it("names an error by its class and Temporal type, never by its message", () => {
    const failure = Object.assign(new Error('BSN 111222333 not found'), { name: 'ApplicationFailure', type: 'PersonNotFound' });
    expect(errorClass(failure)).toBe('ApplicationFailure(PersonNotFound)');
    expect(errorClass(new TypeError('Amina'))).toBe('TypeError');
    expect(errorClass('text')).toBe('string');
  });
});
