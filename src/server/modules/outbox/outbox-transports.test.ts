import { describe, expect, it } from 'vitest';
import { httpSmsTransport, SendError } from './outbox-transports.js';

/** A fetch that records the request and answers as told. */
function fakeFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('the HTTP SMS provider', () => {
  it('posts the number and text with the bearer token and answers the provider id', async () => {
    const { calls, fetchImpl } = fakeFetch(202, { id: 'sms-42' });
    const sent = await httpSmsTransport('https://sms.example/send', 'secret-token', fetchImpl).send({
      recipient: '555-0100',
      subject: null,
      body: 'Reminder',
    });
    expect(sent).toEqual({ messageId: 'sms-42' });
    expect(calls[0]?.url).toBe('https://sms.example/send');
    expect(calls[0]?.init.method).toBe('POST');
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe('Bearer secret-token');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ to: '555-0100', body: 'Reminder' });
  });

  it('retries after a server error or throttling, and gives up on a refused request', async () => {
    const send = (status: number) =>
      httpSmsTransport('https://sms.example/send', undefined, fakeFetch(status, {}).fetchImpl).send({
        recipient: '555-0100',
        subject: null,
        body: 'x',
      });
    await expect(send(503)).rejects.toMatchObject({ isPermanent: false });
    await expect(send(429)).rejects.toMatchObject({ isPermanent: false });
    await expect(send(400)).rejects.toBeInstanceOf(SendError);
    await expect(send(400)).rejects.toMatchObject({ isPermanent: true });
  });
});
