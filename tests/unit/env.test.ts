import path from 'node:path';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { configFromEnv, parseEnv } from '../../server/config/env.js';
import { ConfigError } from '../../server/config/event-file.js';
import { DEFAULT_EVENT_FILE } from '../../server/config/paths.js';

/** The message a bad environment stops the start with. */
function problem(env: NodeJS.ProcessEnv): string {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('environment', () => {
  it('has defaults for everything', () => {
    expect(configFromEnv({})).toEqual({
      port: 3000,
      host: undefined,
      dataDir: path.resolve('data'),
      eventFile: DEFAULT_EVENT_FILE,
      adminPassword: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      rehearsal: false,
      trustProxy: false,
      metricsPort: undefined,
      logLevel: 'info',
      embedOrigins: [],
    });
    expect(parseEnv({})).toMatchObject({ PAVILION_DEMO_SPEED: 60, PAVILION_INSTANCES: 3, PAVILION_FIRST_PORT: 3001 });
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      PAVILION_DATA_DIR: '/var/lib/pavilion',
      PAVILION_EVENT: 'my-event.json',
      PAVILION_ADMIN_PASSWORD: 'secret',
      DATABASE_URL: 'postgresql://db/pavilion',
      REDIS_URL: 'rediss://redis:6380',
      PAVILION_REHEARSAL: '1',
      PAVILION_METRICS_PORT: '9464',
      PAVILION_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/var/lib/pavilion', eventFile: 'my-event.json', rehearsal: true, metricsPort: 9464, logLevel: 'debug' });
    expect(parseEnv({ PAVILION_URL: 'https://expo.example/', PAVILION_DEMO_SPEED: '0.5', PAVILION_INSTANCES: '5', PAVILION_FIRST_PORT: '4001' })).toMatchObject({
      PAVILION_DEMO_SPEED: 0.5,
      PAVILION_INSTANCES: 5,
      PAVILION_FIRST_PORT: 4001,
    });
  });

  it('takes an empty value for unset', () => {
    expect(configFromEnv({ PORT: '', PAVILION_TRUST_PROXY: '', PAVILION_METRICS_PORT: ' ', DATABASE_URL: '' })).toMatchObject({ port: 3000, trustProxy: false, metricsPort: undefined, databaseUrl: undefined });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', '10.0.0.5'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/255.0.0.0', '10.0.0.0/255.0.0.0'],
    ['loopback, 10.0.0.0/8,fd00::/8', 'loopback, 10.0.0.0/8, fd00::/8'],
    ['::1', '::1'],
  ])('PAVILION_TRUST_PROXY=%s is %s', (value, expected) => {
    expect(configFromEnv({ PAVILION_TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['false', '0', '', '1', '10.0.0.5', '10.0.0.0/255.0.0.0', 'loopback, 10.0.0.0/8,fd00::/8'])('Express takes PAVILION_TRUST_PROXY=%s (false crashed the start)', (value) => {
    const app = express();
    app.set('trust proxy', configFromEnv({ PAVILION_TRUST_PROXY: value }).trustProxy);
    expect(typeof app.get('trust proxy fn')).toBe('function');
  });

  it('refuses an unknown PAVILION_LOG_LEVEL, naming the variable and the levels', () => {
    expect(() => configFromEnv({ PAVILION_LOG_LEVEL: 'verbose' })).toThrow(/PAVILION_LOG_LEVEL \(is "verbose"\): must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('refuses PAVILION_TRUST_PROXY=true, saying what to give instead', () => {
    const message = problem({ PAVILION_TRUST_PROXY: 'true' });
    expect(message).toMatch(/^invalid environment:\n {2}PAVILION_TRUST_PROXY \(is "true"\): /);
    expect(message).toMatch(/number of proxies/);
    expect(message).toMatch(/address/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PAVILION_METRICS_PORT', '65536'],
    ['PAVILION_METRICS_PORT', 'metrics'],
    ['PAVILION_TRUST_PROXY', 'yes'],
    ['PAVILION_TRUST_PROXY', '10.0.0.0/33'],
    ['PAVILION_TRUST_PROXY', '10.0.0.5,proxy.internal'],
    ['PAVILION_TRUST_PROXY', '-1'],
    ['PAVILION_REHEARSAL', 'yes'],
    ['DATABASE_URL', 'mysql://db/pavilion'],
    ['REDIS_URL', '127.0.0.1:6379'],
    ['PAVILION_URL', 'expo.example'],
    ['PAVILION_DEMO_SPEED', 'fast'],
    ['PAVILION_DEMO_SPEED', '0'],
    ['PAVILION_INSTANCES', '100'],
    ['PAVILION_INSTANCES', 'many'],
    ['PAVILION_FIRST_PORT', '99999'],
  ])('a bad %s (%s) stops the start naming the variable', (name, value) => {
    const message = problem({ [name]: value });
    expect(message).toContain(`${name} (is "${value}"): `);
    expect(message.split('\n')).toHaveLength(2);
  });

  it('names every bad variable at once', () => {
    const message = problem({ PORT: 'x', REDIS_URL: 'nope', PAVILION_TRUST_PROXY: 'true' });
    expect(message).toMatch(/PORT .*\n.*REDIS_URL .*\n.*PAVILION_TRUST_PROXY/);
  });
});
