/** API tokens in database tests: created through the API as an admin would, used as bearer credentials. */
import type { CreateApiTokenBody, CreatedApiTokenDto } from '../../../contract/api-tokens.js';
import type { App } from '../../http.js';
import { api, expectStatus, type Session } from '../../testing/test-app.js';

/** The credentials an API token sends: its secret as a bearer token. */
export interface Bearer {
  readonly bearer: string;
}

/** Creates an API token as `admin` (expecting 201) and answers its secret as bearer credentials. */
export async function createApiToken(app: App, admin: Session, token: CreateApiTokenBody): Promise<Bearer> {
  const created: CreatedApiTokenDto = await expectStatus(api(app, admin, 'POST', '/api/api-tokens', token), 201);
  return { bearer: created.secret };
}
