/**
 * The secret of a single-use link a patient opens on their own device (a self-intake or questionnaire link): the
 * token goes into the link and is never stored; the clinic keeps its SHA-256 and when the link stops working.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from './sha256.js';

export function newLinkToken(now: Date, validHours: number): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + validHours * 3_600_000) };
}
