/**
 * Server configuration, read from the environment once at start-up and validated. `loadConfig` is pure:
 * it takes the environment as an argument and returns either a config or the list of problems.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppConfig {
  readonly port: number;
  /** The address to listen on: 127.0.0.1 unless HOST says otherwise (0.0.0.0 for every interface). */
  readonly host: string;
  /** postgres://… when set; otherwise the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /**
   * `demo` seeds the demo clinic into an empty database; `none` starts empty. The default is `demo` only on a
   * loopback HOST: on any other address the demo clinic (published passwords) needs KETACLINIC_SEED=demo.
   */
  readonly seed: 'demo' | 'none';
  readonly demoPassword: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly version: string;
  /** Folder holding the built web app (index.html and assets). */
  readonly webDir: string;
  /** Cookies get the Secure flag (set behind HTTPS). */
  readonly secureCookies: boolean;
  /**
   * Outgoing messages (issue 14): mail through SMTP_URL (smtp:// or smtps://, credentials in the URL) from SMTP_FROM;
   * text messages through the HTTP provider at SMS_URL with SMS_TOKEN. Unset: messages stay queued in the outbox.
   */
  readonly messaging: {
    readonly smtpUrl: string | undefined;
    readonly smtpFrom: string;
    readonly smsUrl: string | undefined;
    readonly smsToken: string | undefined;
    /** The address patients open links at (KETACLINIC_PUBLIC_URL, e.g. https://clinic.example); unset: the request's. */
    readonly publicUrl: string | undefined;
    /** How often the outbox worker looks for due messages (OUTBOX_INTERVAL_MS, default 5000). */
    readonly outboxIntervalMs: number;
  };
  /**
   * Fastify's `trustProxy` from TRUST_PROXY: which reverse proxies' X-Forwarded-For/-Proto/-Host to believe (client
   * address for throttling and the audit log, https for links). false (default): none; a number: that many hops;
   * otherwise addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1,10.0.0.0/8). `true` trusts any sender, which
   * lets a client choose its own address: only where nothing but the proxy can reach the server.
   */
  readonly trustProxy: boolean | number | string;
  /**
   * The daily backup (BACKUP_DIR, BACKUP_AT, BACKUP_KEEP): written into `dir` once a day after `at` (HH:MM, clinic
   * time), the newest `keep` kept. Undefined (BACKUP_DIR unset): no scheduled backup.
   */
  readonly backup: { readonly dir: string; readonly at: string; readonly keep: number } | undefined;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  version = packageVersion(),
): ConfigResult {
  const problems: string[] = [];
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${portText}")`);

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');

  const host = env.HOST?.trim() || '127.0.0.1';
  // The demo clinic's passwords are published: seed it by default only where nobody else can reach it.
  const seedText = (env.KETACLINIC_SEED ?? (isLoopbackHost(host) ? 'demo' : 'none')).toLowerCase();
  if (seedText !== 'demo' && seedText !== 'none')
    problems.push(`KETACLINIC_SEED must be "demo" or "none" (got "${seedText}")`);

  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const smsUrl = env.SMS_URL?.trim() || undefined;
  if (smsUrl && !/^https?:\/\//.test(smsUrl)) problems.push('SMS_URL must start with https:// or http://');
  const publicUrl = env.KETACLINIC_PUBLIC_URL?.trim() || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl))
    problems.push('KETACLINIC_PUBLIC_URL must be an http(s) address such as https://clinic.example');
  const intervalText = env.OUTBOX_INTERVAL_MS ?? '5000';
  const outboxIntervalMs = Number(intervalText);
  if (!Number.isInteger(outboxIntervalMs) || outboxIntervalMs < 100 || outboxIntervalMs > 3_600_000)
    problems.push(`OUTBOX_INTERVAL_MS must be a whole number from 100 to 3600000 (got "${intervalText}")`);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (trustProxy === undefined)
    problems.push(
      'TRUST_PROXY must be true, false, a number of hops, or comma-separated addresses/CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8)',
    );

  const backupDir = env.BACKUP_DIR?.trim() || undefined;
  const backupAt = env.BACKUP_AT?.trim() || '02:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(backupAt))
    problems.push(`BACKUP_AT must be a time of day as HH:MM, e.g. 02:00 (got "${backupAt}")`);
  const keepText = env.BACKUP_KEEP?.trim() || '14';
  const backupKeep = Number(keepText);
  if (!Number.isInteger(backupKeep) || backupKeep < 1 || backupKeep > 3650)
    problems.push(`BACKUP_KEEP must be a whole number from 1 to 3650 (got "${keepText}")`);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      port,
      host,
      databaseUrl,
      dataDir: path.resolve(env.KETACLINIC_DATA_DIR ?? path.join(process.cwd(), 'data')),
      seed: seedText as 'demo' | 'none',
      demoPassword: env.KETACLINIC_DEMO_PASSWORD || 'demo-password',
      logLevel,
      version,
      webDir: path.resolve(env.KETACLINIC_WEB_DIR ?? path.join(projectRoot, 'dist', 'web')),
      secureCookies: env.KETACLINIC_SECURE_COOKIES === 'true',
      messaging: {
        smtpUrl,
        smtpFrom: env.SMTP_FROM?.trim() || 'Ketaclinic <no-reply@ketaclinic.invalid>',
        smsUrl,
        smsToken: env.SMS_TOKEN?.trim() || undefined,
        publicUrl,
        outboxIntervalMs,
      },
      trustProxy: trustProxy!,
      backup: backupDir ? { dir: path.resolve(backupDir), at: backupAt, keep: backupKeep } : undefined,
    },
  };
}

/** TRUST_PROXY as Fastify's `trustProxy` option; undefined when it is none of the accepted forms. */
export function parseTrustProxy(text: string | undefined): boolean | number | string | undefined {
  const value = text?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const parts = value.split(',').map((p) => p.trim());
  const address = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:\/\d{1,3})?$/;
  return parts.every((p) => address.test(p) || p === 'loopback' || p === 'linklocal' || p === 'uniquelocal')
    ? parts.join(',')
    : undefined;
}
