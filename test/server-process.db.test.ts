/**
 * The server as a real process on the embedded database: the data-folder lock between processes, and
 * durability of answered writes when the process is killed with SIGKILL mid-stream.
 * (PGlite only: PostgreSQL's durability is the PostgreSQL server's, and it takes no folder lock.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

function startServer(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      KETACLINIC_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KETACLINIC_SEED: 'demo',
      KETACLINIC_DEMO_PASSWORD: 'demo-password',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const check = () => {
      const match = /running on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${output}`), { code, output }));
    });
  });
}

async function signIn(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'front_desk@demo.ketaclinic.test', password: 'demo-password' }),
  });
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the server process on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kc-process-'));

  it('refuses a second process on the same data folder, naming the holder PID', async () => {
    const first = await startServer(dataDir);
    const second = await startServer(dataDir).then(
      () => undefined,
      (error: { code: number; output: string }) => error,
    );
    expect(second?.code).toBe(1);
    expect(second?.output).toContain(`in use by another Ketaclinic process (PID ${first.child.pid})`);
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
  });

  it('loses no patient whose create was answered 201 when killed with SIGKILL mid-stream', async () => {
    const server = await startServer(dataDir);
    const session = await signIn(server.port);
    const answered: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 1000; i += 1) {
        try {
          const response = await fetch(`http://127.0.0.1:${server.port}/api/patients`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
            body: JSON.stringify({
              givenName: `Crash${w}x${i}`,
              familyName: 'Durability',
              dateOfBirth: '1990-01-01',
              sex: 'unknown',
            }),
          });
          if (response.status === 201) answered.push(((await response.json()) as { id: string }).id);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (answered.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await new Promise((resolve) =>
      server.child.exitCode !== null || server.child.signalCode !== null
        ? resolve(null)
        : server.child.once('exit', resolve),
    );

    // The lock file of the killed process is stale: the restart recovers it by itself.
    const restarted = await startServer(dataDir);
    const again = await signIn(restarted.port);
    const missing: string[] = [];
    for (const id of answered) {
      const response = await fetch(`http://127.0.0.1:${restarted.port}/api/patients/${id}`, {
        headers: { cookie: again.cookie },
      });
      if (response.status !== 200) missing.push(id);
    }
    expect(answered.length).toBeGreaterThanOrEqual(60);
    expect(missing).toEqual([]);
    restarted.child.kill('SIGTERM');
  });
});
