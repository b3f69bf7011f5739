import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig } from './config.js';

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
});
