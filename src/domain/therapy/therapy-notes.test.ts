import { describe, expect, it } from 'vitest';
import {
  decideAddendum,
  decideDraft,
  decideSignature,
  defaultNoteType,
  isTherapyType,
  therapyNoteState,
  type TherapyNoteVersion,
} from './therapy-notes.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 16, 14, minute));
const version = (n: number, kind: TherapyNoteVersion['kind'], body = `v${n}`): TherapyNoteVersion => ({
  version: n,
  kind,
  noteType: 'integration',
  body,
  createdAt: at(n),
  createdBy: 'therapist-1',
});

describe('therapy appointment types', () => {
  it('counts the KAP types and therapist-only types as therapy, and not a consultation or a shared follow-up', () => {
    expect(isTherapyType({ code: 'kap-preparation', roles: ['therapist'] })).toBe(true);
    expect(isTherapyType({ code: 'kap-integration-group', roles: ['therapist'] })).toBe(true);
    expect(isTherapyType({ code: 'couples-session', roles: ['therapist'] })).toBe(true);
    expect(isTherapyType({ code: 'consultation', roles: ['prescriber'] })).toBe(false);
    expect(isTherapyType({ code: 'telehealth-follow-up', roles: ['prescriber', 'nurse', 'therapist'] })).toBe(false);
  });

  it('suggests the kind of note from the type code', () => {
    expect(defaultNoteType('kap-preparation')).toBe('preparation');
    expect(defaultNoteType('kap-integration-group')).toBe('integration');
    expect(defaultNoteType('kap-dosing-support')).toBe('dosing-support');
    expect(defaultNoteType('couples-session')).toBeNull();
  });
});

// Source: CMS Medicare Program Integrity Manual, chapter 3, 3.3.2.5: a signed entry is corrected by a new, dated,
// signed entry; the original is never altered.
describe('draft, signature and addenda', () => {
  it('saves a draft as the next version over the latest one, and refuses a stale base version', () => {
    expect(decideDraft([], { body: ' Goals set. ', baseVersion: 0, noteType: 'preparation' })).toMatchObject({
      refused: false,
      version: 1,
      kind: 'draft',
      body: 'Goals set.',
      noteType: 'preparation',
    });
    expect(decideDraft([version(1, 'draft')], { body: 'again', baseVersion: 0, noteType: null })).toMatchObject({
      refused: true,
      status: 'conflict',
      code: 'note-version-conflict',
      field: 'baseVersion',
    });
    expect(decideDraft([version(1, 'draft')], { body: 'again', baseVersion: 1, noteType: null })).toMatchObject({
      refused: false,
      version: 2,
      noteType: 'integration',
    });
  });

  it('needs the kind of note on the first draft', () => {
    expect(decideDraft([], { body: 'x', baseVersion: 0, noteType: null })).toMatchObject({
      refused: true,
      code: 'note-type-required',
      field: 'noteType',
    });
  });

  it('signs the latest draft once the appointment has begun, and then locks the note', () => {
    const drafts = [version(1, 'draft', 'first'), version(2, 'draft', 'second')];
    expect(decideSignature(drafts, { now: at(0), appointmentStartsAt: at(30) })).toMatchObject({
      refused: true,
      code: 'appointment-not-started',
    });
    expect(decideSignature(drafts, { now: at(40), appointmentStartsAt: at(30) })).toMatchObject({
      refused: false,
      version: 3,
      kind: 'signed',
      body: 'second',
    });
    const signed = [...drafts, version(3, 'signed', 'second')];
    expect(decideSignature(signed, { now: at(40), appointmentStartsAt: at(30) })).toMatchObject({
      refused: true,
      status: 'conflict',
      code: 'note-signed',
    });
    expect(decideDraft(signed, { body: 'rewrite', baseVersion: 3, noteType: null })).toMatchObject({
      refused: true,
      status: 'conflict',
      code: 'note-signed',
    });
  });

  it('adds an addendum only after the signature, as a new version that leaves the signed text as it was', () => {
    expect(decideAddendum([version(1, 'draft')], 'late entry')).toMatchObject({
      refused: true,
      code: 'note-not-signed',
    });
    const signed = [version(1, 'draft', 'text'), version(2, 'signed', 'text')];
    expect(decideAddendum(signed, '  Correction: met 3 goals.  ')).toMatchObject({
      refused: false,
      version: 3,
      kind: 'addendum',
      body: 'Correction: met 3 goals.',
    });
    const state = therapyNoteState([...signed, version(3, 'addendum', 'Correction: met 3 goals.')]);
    expect(state).toMatchObject({
      isSigned: true,
      latestVersion: 3,
      draft: null,
      signed: { version: 2, body: 'text' },
    });
    expect(state.addenda.map((a) => a.body)).toEqual(['Correction: met 3 goals.']);
  });
});
