/** The permission names the web app may ask about are exactly those the server grants (issue 13). */
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../server/auth/permissions.js';
import { PERMISSION_NAMES } from './auth.js';

describe("the contract's permission names", () => {
  it('are the permissions the server grants, each once', () => {
    expect(new Set(PERMISSION_NAMES).size).toBe(PERMISSION_NAMES.length);
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });
});
