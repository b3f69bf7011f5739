import { describe, expect, it } from 'vitest';
import { clinicEvent, decodeClinicEvent, encodeClinicEvent, reconnectDelayMs } from './clinic-event.js';
import { boardMessage } from './events.routes.js';

const ID = '0b8f5a52-7f43-4c43-9c52-2f0d0a6a1c11';
const CLINIC = '6d1f0c8e-2b7a-4a53-8f37-4a6f6b1b2c3d';
const SESSION = 'f3a9c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('clinic events', () => {
  it('round-trips through the NOTIFY payload', () => {
    const event = clinicEvent(ID, CLINIC, { topic: 'vitals', sessionId: SESSION });
    expect(decodeClinicEvent(encodeClinicEvent(event))).toEqual(event);
  });

  it("keeps the payload far below PostgreSQL's 8000-byte NOTIFY limit", () => {
    const longest = clinicEvent(ID, CLINIC, { topic: `a${'-'.repeat(39)}`, sessionId: SESSION });
    expect(Buffer.byteLength(encodeClinicEvent(longest))).toBeLessThan(300);
  });

  it('accepts only ids and a kebab-case topic, so no patient data can travel on the channel', () => {
    expect(() => clinicEvent(ID, CLINIC, { topic: 'BP 190/100 for Jane' })).toThrow(/topic/);
    expect(() => clinicEvent(ID, CLINIC, { topic: 'x'.repeat(41) })).toThrow(/topic/);
    expect(() => clinicEvent(ID, CLINIC, { topic: 'vitals', sessionId: 'Jane Doe' })).toThrow(/sessionId/);
    expect(() => clinicEvent(ID, 'main-street', { topic: 'vitals' })).toThrow(/clinicId/);
    expect(() => clinicEvent(ID, CLINIC, { topic: 'resync' })).toThrow(/reserved/);
    expect(clinicEvent(ID, CLINIC, { topic: 'adverse-event' }).sessionId).toBeNull();
  });

  it('ignores notifications that are not clinic events', () => {
    expect(decodeClinicEvent('not json')).toBeUndefined();
    expect(decodeClinicEvent('null')).toBeUndefined();
    expect(
      decodeClinicEvent(JSON.stringify({ v: 2, id: ID, clinicId: CLINIC, topic: 'vitals', sessionId: null })),
    ).toBeUndefined();
    expect(
      decodeClinicEvent(JSON.stringify({ v: 1, id: ID, clinicId: CLINIC, topic: 'Vitals!', sessionId: null })),
    ).toBeUndefined();
  });

  it('backs off from the initial delay, doubling up to the maximum, with ±20% jitter', () => {
    const backoff = { initialMs: 250, maxMs: 15_000 };
    expect(reconnectDelayMs(0, backoff, 0.5)).toBe(250);
    expect(reconnectDelayMs(3, backoff, 0.5)).toBe(2_000);
    expect(reconnectDelayMs(20, backoff, 0.5)).toBe(15_000);
    expect(reconnectDelayMs(0, backoff, 0)).toBe(200);
    expect(reconnectDelayMs(0, backoff, 1)).toBe(300);
  });

  it('writes an SSE message with the event id, the board event type and only the topic and session id', () => {
    const event = clinicEvent(ID, CLINIC, { topic: 'vitals', sessionId: SESSION });
    expect(boardMessage(event)).toBe(`id: ${ID}\nevent: board\ndata: {"topic":"vitals","sessionId":"${SESSION}"}\n\n`);
    expect(boardMessage({ id: ID, clinicId: CLINIC, topic: 'resync', sessionId: null })).toBe(
      'event: board\ndata: {"topic":"resync","sessionId":null}\n\n',
    );
  });
});
