import { createHash } from 'node:crypto';

/**
 * The hex SHA-256 of a text: how a secret handed out once (session and API tokens, recovery codes, a patient's
 * questionnaire or self-intake link) is stored, so the database never holds the secret itself.
 */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
