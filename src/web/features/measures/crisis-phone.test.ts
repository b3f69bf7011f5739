import { describe, expect, it } from 'vitest';
import { phoneNumberIn } from './crisis-phone';

describe('phoneNumberIn', () => {
  it('finds the number to dial in the default US crisis lines', () => {
    // 988 Suicide & Crisis Lifeline (SAMHSA, 988lifeline.org) and emergency services, as the clinic defaults word them.
    expect(phoneNumberIn('Call or text 988, or chat at 988lifeline.org')).toBe('988');
    expect(phoneNumberIn('Call 911')).toBe('911');
  });

  it('keeps a full national or international number, without its spaces and punctuation', () => {
    expect(phoneNumberIn('Phone +44 (0)800 689 5652, any time')).toBe('+4408006895652');
    expect(phoneNumberIn('Call the clinic on 555-0100.')).toBe('5550100');
  });

  it('gives no number when the line has none to dial', () => {
    expect(phoneNumberIn('Chat at 988lifeline.org')).toBeNull();
    expect(phoneNumberIn('Go to the nearest emergency department')).toBeNull();
  });
});
