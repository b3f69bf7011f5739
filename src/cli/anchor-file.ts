/**
 * Anchor files for `ketaclinic audit anchor` / `ledger anchor` and `verify --anchor FILE`: a signed checkpoint
 * of a chain's head, written to keep outside the database (src/domain/audit/anchor.ts says why and how).
 *
 * The key is read from `--key-file FILE` (its bytes, a trailing newline removed) or else the environment variable
 * KETACLINIC_ANCHOR_KEY (UTF-8); at least 32 bytes. Keep it away from the database's credentials.
 */
import { readFileSync } from 'node:fs';
import {
  ANCHOR_ALGORITHM,
  anchorSignatureValid,
  signAnchor,
  type AnchorPayload,
  type SignedAnchor,
} from '../domain/audit/anchor.js';

export const ANCHOR_KEY_ENV = 'KETACLINIC_ANCHOR_KEY';

export class AnchorFileError extends Error {}

export function loadAnchorKey(keyFile: string | undefined, env: NodeJS.ProcessEnv): Uint8Array {
  if (keyFile) {
    const bytes = readFileSync(keyFile);
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
    return bytes.subarray(0, end);
  }
  const fromEnv = env[ANCHOR_KEY_ENV];
  if (!fromEnv) throw new AnchorFileError(`No anchor key: pass --key-file FILE or set ${ANCHOR_KEY_ENV}.`);
  return Buffer.from(fromEnv, 'utf8');
}

export function writeAnchor(payload: AnchorPayload, key: Uint8Array): string {
  return `${JSON.stringify(signAnchor(payload, key), null, 2)}\n`;
}

/** Reads and authenticates an anchor file; its payload must be of the given type. */
export function readAnchor(file: string, type: string, key: Uint8Array): AnchorPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AnchorFileError(`Cannot read the anchor file ${file}: ${(error as Error).message}`);
  }
  const anchor = parsed as Partial<SignedAnchor>;
  if (
    typeof anchor !== 'object' ||
    anchor === null ||
    typeof anchor.payload !== 'object' ||
    anchor.payload === null ||
    anchor.algorithm !== ANCHOR_ALGORITHM ||
    typeof anchor.signature !== 'string'
  ) {
    throw new AnchorFileError(`${file} is not a Ketaclinic anchor file.`);
  }
  if (!anchorSignatureValid(anchor as SignedAnchor, key)) {
    throw new AnchorFileError(
      `The anchor file ${file} has a wrong signature: it was altered, or made with another key.`,
    );
  }
  if (anchor.payload.type !== type)
    throw new AnchorFileError(`${file} is a ${String(anchor.payload.type)} anchor, not a ${type} anchor.`);
  return anchor.payload;
}
