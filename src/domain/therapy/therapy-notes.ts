/**
 * Therapy notes (issue 14): the notes of a therapy appointment (KAP preparation, support during a dosing session,
 * integration; individual or group). They follow the treatment session note's rules: draft versions, one signature
 * that locks the note, then addenda; every change is a new version and nothing is overwritten.
 *
 * Sources:
 * - CMS, Medicare Program Integrity Manual (Pub. 100-08), chapter 3, section 3.3.2.5 "Amendments, Corrections and
 *   Delayed Entries in Medical Documentation": a correction to a signed entry is a new, dated and signed entry that
 *   identifies the original; the original is never deleted or written over.
 * - 45 CFR 164.501 (definition of psychotherapy notes) and 164.502(b) (minimum necessary): notes of a therapy
 *   session are read by those treating the patient, not by the front desk (enforced by the server's permissions).
 */
import type { Citation } from '../shared/citation.js';

export const THERAPY_NOTE_RECORD_RULE: Citation = {
  source: 'CMS Medicare Program Integrity Manual, Pub. 100-08',
  detail: 'Chapter 3, 3.3.2.5 Amendments, Corrections and Delayed Entries in Medical Documentation',
  url: 'https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/pim83c03.pdf',
  status: 'regulation',
};

export const THERAPY_NOTE_TYPES = ['preparation', 'dosing-support', 'integration'] as const;
export type TherapyNoteType = (typeof THERAPY_NOTE_TYPES)[number];
export type TherapyNoteKind = 'draft' | 'signed' | 'addendum';

export const THERAPY_NOTE_TYPE_LABELS: Readonly<Record<TherapyNoteType, string>> = {
  preparation: 'Preparation',
  'dosing-support': 'Dosing-session support',
  integration: 'Integration',
};

/** What the rules read of an appointment type. */
export interface TherapyTypeFacts {
  readonly code: string;
  readonly roles: readonly string[];
}

/**
 * A therapy appointment: a type whose code names KAP or therapy (the clinic's defaults `kap-preparation`,
 * `kap-integration`, `kap-integration-group`; a clinic's own `therapy-…` or `…-dosing-support`), or one that only a
 * therapist may hold.
 */
export function isTherapyType(type: TherapyTypeFacts): boolean {
  if (/(^|-)(kap|therapy|dosing-support)(-|$)/.test(type.code)) return true;
  return type.roles.length > 0 && type.roles.every((r) => r === 'therapist');
}

/** The kind of note a type usually has (the therapist may choose another); null when the code does not say. */
export function defaultNoteType(code: string): TherapyNoteType | null {
  if (code.includes('preparation')) return 'preparation';
  if (code.includes('integration')) return 'integration';
  if (code.includes('dosing') || code.includes('support')) return 'dosing-support';
  return null;
}

/** One stored version of a note. */
export interface TherapyNoteVersion {
  readonly version: number;
  readonly kind: TherapyNoteKind;
  readonly noteType: TherapyNoteType;
  readonly body: string;
  readonly createdAt: Date;
  readonly createdBy: string;
}

/** The codes a refused change answers with (each listed once, with its status, in server/errors/problem-codes.ts). */
export type TherapyNoteCode =
  | 'note-signed'
  | 'note-version-conflict'
  | 'note-not-signed'
  | 'note-empty'
  | 'note-type-required'
  | 'appointment-not-started'
  | 'addendum-empty';

/** A refused change: `conflict` answers 409 (reload and try again, or use an addendum), `refused` 422. */
export interface TherapyNoteRefusal {
  readonly refused: true;
  readonly status: 'conflict' | 'refused';
  readonly code: TherapyNoteCode;
  readonly message: string;
  readonly field?: string;
}

/** The version to store next, or why not. */
export type TherapyNoteDecision =
  | {
      readonly refused: false;
      readonly version: number;
      readonly kind: TherapyNoteKind;
      readonly noteType: TherapyNoteType;
      readonly body: string;
    }
  | TherapyNoteRefusal;

const latestVersion = (versions: readonly TherapyNoteVersion[]) =>
  versions.reduce((max, v) => Math.max(max, v.version), 0);
const signatureOf = (versions: readonly TherapyNoteVersion[]) => versions.find((v) => v.kind === 'signed');
const refuse = (
  status: 'conflict' | 'refused',
  code: TherapyNoteCode,
  message: string,
  field?: string,
): TherapyNoteRefusal => ({ refused: true, status, code, message, ...(field ? { field } : {}) });

/** A draft saved over `baseVersion` (the version the writer started from): refused once signed or when stale. */
export function decideDraft(
  versions: readonly TherapyNoteVersion[],
  input: { body: string; baseVersion: number; noteType: TherapyNoteType | null },
): TherapyNoteDecision {
  if (signatureOf(versions)) return refuse('conflict', 'note-signed', 'The note is signed: add an addendum instead.');
  const latest = latestVersion(versions);
  if (input.baseVersion !== latest)
    return refuse(
      'conflict',
      'note-version-conflict',
      `The note is at version ${latest}; reload before saving.`,
      'baseVersion',
    );
  const body = input.body.trim();
  if (!body) return refuse('refused', 'note-empty', 'Write the note before saving it.', 'body');
  const noteType = input.noteType ?? versions.at(-1)?.noteType ?? null;
  if (!noteType)
    return refuse(
      'refused',
      'note-type-required',
      'Say which kind of note this is: preparation, dosing-session support or integration.',
      'noteType',
    );
  return { refused: false, version: latest + 1, kind: 'draft', noteType, body };
}

/**
 * The signature: the latest draft, signed as it stands, once the appointment has begun (a note records a session
 * that took place). After it the note is locked.
 */
export function decideSignature(
  versions: readonly TherapyNoteVersion[],
  facts: { now: Date; appointmentStartsAt: Date },
): TherapyNoteDecision {
  if (signatureOf(versions)) return refuse('conflict', 'note-signed', 'The note is already signed.');
  const draft = versions.filter((v) => v.kind === 'draft').at(-1);
  if (!draft) return refuse('refused', 'note-empty', 'There is no draft to sign yet: save the note first.');
  if (facts.now.getTime() < facts.appointmentStartsAt.getTime()) {
    return refuse(
      'refused',
      'appointment-not-started',
      'The appointment has not begun: sign the note after the session.',
    );
  }
  return {
    refused: false,
    version: latestVersion(versions) + 1,
    kind: 'signed',
    noteType: draft.noteType,
    body: draft.body,
  };
}

/** An addendum to a signed note: a new version beside it (THERAPY_NOTE_RECORD_RULE). */
export function decideAddendum(versions: readonly TherapyNoteVersion[], text: string): TherapyNoteDecision {
  const signed = signatureOf(versions);
  if (!signed) return refuse('conflict', 'note-not-signed', 'Addenda follow a signed note: edit the draft instead.');
  const body = text.trim();
  if (!body) return refuse('refused', 'addendum-empty', 'Write the addendum.', 'text');
  return { refused: false, version: latestVersion(versions) + 1, kind: 'addendum', noteType: signed.noteType, body };
}

/** What a reader sees: the latest draft (until signed), the signed note, the addenda in order, every version. */
export interface TherapyNoteState<V extends TherapyNoteVersion = TherapyNoteVersion> {
  readonly latestVersion: number;
  readonly isSigned: boolean;
  readonly noteType: TherapyNoteType | null;
  readonly draft: V | null;
  readonly signed: V | null;
  readonly addenda: readonly V[];
  readonly versions: readonly V[];
}

export function therapyNoteState<V extends TherapyNoteVersion>(versions: readonly V[]): TherapyNoteState<V> {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  const signed = ordered.find((v) => v.kind === 'signed') ?? null;
  return {
    latestVersion: latestVersion(ordered),
    isSigned: signed !== null,
    noteType: signed?.noteType ?? ordered.at(-1)?.noteType ?? null,
    draft: signed ? null : (ordered.filter((v) => v.kind === 'draft').at(-1) ?? null),
    signed,
    addenda: ordered.filter((v) => v.kind === 'addendum'),
    versions: ordered,
  };
}
