import { describe, expect, it } from 'vitest';
import { staffRef, staffRefsFrom } from './common.js';

describe('how an answer names a member of staff', () => {
  it('names the user by id and display name', () => {
    expect(staffRef('u-1', 'Dr Rivera')).toEqual({ id: 'u-1', displayName: 'Dr Rivera' });
  });

  it('is null where the row names no one, whatever name was read beside it', () => {
    expect(staffRef(null, 'Dr Rivera')).toBeNull();
    expect(staffRef(undefined, null)).toBeNull();
  });

  it('keeps a user whose name was not read, with an empty name, rather than dropping who did it', () => {
    expect(staffRef('u-2', null)).toEqual({ id: 'u-2', displayName: '' });
  });

  it('names users from names read together, by id', () => {
    const ref = staffRefsFrom(new Map([['u-1', 'Dr Rivera']]));
    expect(ref('u-1')).toEqual({ id: 'u-1', displayName: 'Dr Rivera' });
    expect(ref('u-9')).toEqual({ id: 'u-9', displayName: '' });
    expect(ref(null)).toBeNull();
  });
});
