import { InvalidConfigurationError, loadConfiguration } from './configuration';

describe('loadConfiguration', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfiguration({});
    expect(config.database.url).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.api.port).toBe(3000);
    expect(config.temporal.taskQueue).toBe('wegwijs-trajectories');
  });

  it('takes an external PostgreSQL and Temporal cluster from the environment', () => {
    const config = loadConfiguration({
      DATABASE_URL: 'postgres://wegwijs@db.internal:5432/wegwijs',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      API_PORT: '8080',
    });
    expect(config.database.url).toBe('postgres://wegwijs@db.internal:5432/wegwijs');
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.api.port).toBe(8080);
  });

  it('sends mail over SMTP only when a host is configured, with credentials only as a pair', () => {
    expect(loadConfiguration({}).notifications.smtp).toBeUndefined();
    expect(loadConfiguration({ SMTP_HOST: 'smtp.haarlem.nl', SMTP_PORT: '465', SMTP_SECURE: 'true' }).notifications.smtp).toMatchObject({
      host: 'smtp.haarlem.nl',
      port: 465,
      secure: true,
    });
    expect(() => loadConfiguration({ SMTP_HOST: 'smtp.haarlem.nl', SMTP_USER: 'wegwijs' })).toThrow(/SMTP_PASSWORD/);
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfiguration({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfiguration({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'no-port' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigurationError);
    const variables = (caught as InvalidConfigurationError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['API_PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS']);
    expect((caught as Error).message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });
});
