/**
 * The session note's versions: drafts the clinician edits, one signature that locks the note, then addenda. Every
 * change is a new version and nothing is written over (the therapy notes, src/domain/therapy, follow the same rule).
 *
 * Source: CMS Medicare Program Integrity Manual (Pub. 100-08), chapter 3, 3.3.2.5 "Amendments, Corrections and
 * Delayed Entries in Medical Documentation": a change to a signed entry is a new, dated and signed entry that
 * identifies the original, which is never deleted or written over.
 */
import type { Citation } from '../shared/citation.js';

export const SESSION_NOTE_RECORD_RULE: Citation = {
  source: 'CMS Medicare Program Integrity Manual, Pub. 100-08',
  detail: 'Chapter 3, 3.3.2.5 Amendments, Corrections and Delayed Entries in Medical Documentation',
  url: 'https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/pim83c03.pdf',
  status: 'regulation',
};

export type SessionNoteKind = 'draft' | 'signed' | 'addendum';

/** What the rules read of a stored version. */
export interface SessionNoteVersion {
  readonly version: number;
  readonly kind: SessionNoteKind;
  readonly body: string;
  readonly createdAt: Date;
}

/** A refused change: each answers 409 (reload, or add an addendum instead), naming a field when one is at fault. */
export interface SessionNoteRefusal {
  readonly refused: true;
  readonly code: 'note-signed' | 'note-version-conflict' | 'note-not-signed';
  readonly message: string;
  readonly field?: { readonly name: string; readonly message: string };
}

/** The version a change is stored as. */
export interface SessionNoteAccepted {
  readonly refused: false;
  readonly version: number;
}

const latestOf = (versions: readonly SessionNoteVersion[]) => versions.reduce((max, v) => Math.max(max, v.version), 0);
const isSigned = (versions: readonly SessionNoteVersion[]) => versions.some((v) => v.kind === 'signed');
const refuse = (
  code: SessionNoteRefusal['code'],
  message: string,
  field?: SessionNoteRefusal['field'],
): SessionNoteRefusal => ({ refused: true, code, message, ...(field ? { field } : {}) });

/** A draft saved over `baseVersion`, the version its writer started from: refused once signed, or when stale. */
export function decideNoteDraft(
  versions: readonly SessionNoteVersion[],
  baseVersion: number,
): SessionNoteAccepted | SessionNoteRefusal {
  if (isSigned(versions)) return refuse('note-signed', 'The note is signed: add an addendum instead.');
  const latest = latestOf(versions);
  if (baseVersion !== latest)
    return refuse('note-version-conflict', `The note is at version ${latest}; reload before saving.`, {
      name: 'baseVersion',
      message: `is not the latest (${latest})`,
    });
  return { refused: false, version: latest + 1 };
}

/**
 * The signature: once only. It signs the latest draft as it stands (`draftBody`), or, with no draft, the text the
 * domain composed from the record (the caller's to supply).
 */
export function decideNoteSignature(
  versions: readonly SessionNoteVersion[],
): (SessionNoteAccepted & { readonly draftBody: string | undefined }) | SessionNoteRefusal {
  if (isSigned(versions)) return refuse('note-signed', 'The note is already signed.');
  const draft = versions.filter((v) => v.kind === 'draft').at(-1);
  return { refused: false, version: latestOf(versions) + 1, draftBody: draft?.body };
}

/** An addendum: a new version beside a signed note; before the signature the draft is edited instead. */
export function decideNoteAddendum(versions: readonly SessionNoteVersion[]): SessionNoteAccepted | SessionNoteRefusal {
  if (!isSigned(versions)) return refuse('note-not-signed', 'Addenda follow a signed note: edit the draft instead.');
  return { refused: false, version: latestOf(versions) + 1 };
}

/**
 * Whether anything was recorded in the session after the latest draft was saved (a late vital sign, a correction,
 * an adverse event): a draft is the clinician's text and does not follow the record, so nobody should sign a note
 * that misses it. Never once the note is signed. `lastRecordedAt` is the latest recording time, or undefined.
 */
export function recordChangedSinceDraft(
  versions: readonly SessionNoteVersion[],
  lastRecordedAt: Date | undefined,
): boolean {
  const lastDraft = versions.filter((v) => v.kind === 'draft').at(-1);
  return (
    !isSigned(versions) && lastDraft !== undefined && (lastRecordedAt?.getTime() ?? 0) > lastDraft.createdAt.getTime()
  );
}
