import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig, parseTrustProxy } from './config.js';

function config(env: Record<string, string>) {
  const loaded = loadConfig(env, '1.0.0');
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
}

describe('safe defaults', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(config({}).host).toBe('127.0.0.1');
    expect(config({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('seeds the demo clinic by default only on a loopback address', () => {
    expect(config({}).seed).toBe('demo');
    expect(config({ HOST: 'localhost' }).seed).toBe('demo');
    expect(config({ HOST: '::1' }).seed).toBe('demo');
    expect(config({ HOST: '0.0.0.0' }).seed).toBe('none');
    expect(config({ HOST: '192.168.1.20' }).seed).toBe('none');
  });

  it('seeds it on another address only when KETACLINIC_SEED=demo is set explicitly', () => {
    expect(config({ HOST: '0.0.0.0', KETACLINIC_SEED: 'demo' }).seed).toBe('demo');
    expect(config({ KETACLINIC_SEED: 'none' }).seed).toBe('none');
  });

  it('knows which addresses are loopback', () => {
    expect(['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'clinic.example', '128.0.0.1'].some(isLoopbackHost)).toBe(false);
  });

  describe('outgoing messages (issue 14)', () => {
    it('sends nothing without settings, and reads SMTP, SMS and the public address when given', () => {
      expect(config({}).messaging).toMatchObject({ smtpUrl: undefined, smsUrl: undefined, outboxIntervalMs: 5000 });
      expect(
        config({
          SMTP_URL: 'smtps://user:secret@mail.example:465',
          SMTP_FROM: 'Clinic <c@example.test>',
          SMS_URL: 'https://sms.example/send',
          SMS_TOKEN: 't0k',
          KETACLINIC_PUBLIC_URL: 'https://clinic.example',
        }).messaging,
      ).toEqual({
        smtpUrl: 'smtps://user:secret@mail.example:465',
        smtpFrom: 'Clinic <c@example.test>',
        smsUrl: 'https://sms.example/send',
        smsToken: 't0k',
        publicUrl: 'https://clinic.example',
        outboxIntervalMs: 5000,
      });
    });

    it('refuses addresses that are not SMTP or HTTP, naming the setting', () => {
      const result = loadConfig(
        {
          SMTP_URL: 'mail.example:25',
          SMS_URL: 'ftp://sms.example',
          OUTBOX_INTERVAL_MS: '5',
          KETACLINIC_PUBLIC_URL: 'clinic.example',
        },
        '1.0.0',
      );
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.problems.map((p) => p.split(' ')[0])).toEqual([
        'SMTP_URL',
        'SMS_URL',
        'KETACLINIC_PUBLIC_URL',
        'OUTBOX_INTERVAL_MS',
      ]);
    });
  });
});

describe('TRUST_PROXY (behind a reverse proxy)', () => {
  it('trusts no forwarding header by default', () => {
    expect(config({}).trustProxy).toBe(false);
    expect(config({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('passes true, a number of hops, or addresses and CIDR ranges on to Fastify', () => {
    expect(config({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(config({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(config({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('127.0.0.1,10.0.0.0/8');
    expect(config({ TRUST_PROXY: '::1,fd00::/8,loopback' }).trustProxy).toBe('::1,fd00::/8,loopback');
  });

  it('refuses anything else at start-up, naming the variable', () => {
    expect(parseTrustProxy('yes please')).toBeUndefined();
    const loaded = loadConfig({ TRUST_PROXY: 'proxy.example' }, '1.0.0');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems[0]).toMatch(/^TRUST_PROXY must be/);
  });
});

describe('the daily backup (BACKUP_DIR, BACKUP_AT, BACKUP_KEEP)', () => {
  it('is off without BACKUP_DIR, and defaults to 02:00 clinic time keeping 14', () => {
    expect(config({}).backup).toBeUndefined();
    expect(config({ BACKUP_DIR: '/var/backups/ketaclinic' }).backup).toEqual({
      dir: '/var/backups/ketaclinic',
      at: '02:00',
      keep: 14,
    });
    expect(config({ BACKUP_DIR: '/b', BACKUP_AT: '23:30', BACKUP_KEEP: '30' }).backup).toEqual({
      dir: '/b',
      at: '23:30',
      keep: 30,
    });
  });

  it('refuses a time that is not HH:MM and a count out of range, naming the variable', () => {
    const loaded = loadConfig({ BACKUP_DIR: '/b', BACKUP_AT: '2am', BACKUP_KEEP: '0' }, '1.0.0');
    expect(loaded.ok ? [] : loaded.problems.map((p) => p.split(' ')[0])).toEqual(['BACKUP_AT', 'BACKUP_KEEP']);
  });
});
