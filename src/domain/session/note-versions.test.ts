import { describe, expect, it } from 'vitest';
import {
  decideNoteAddendum,
  decideNoteDraft,
  decideNoteSignature,
  recordChangedSinceDraft,
  type SessionNoteVersion,
} from './note-versions.js';

// Source for every rule here: CMS Medicare Program Integrity Manual (Pub. 100-08), chapter 3, 3.3.2.5: a change to a
// signed entry is a new, dated and signed entry; the original is never deleted or written over.

const at = (min: number) => new Date(Date.parse('2026-11-02T15:00:00Z') + min * 60_000);
const draft = (version: number, body = `draft ${version}`): SessionNoteVersion => ({
  version,
  kind: 'draft',
  body,
  createdAt: at(version * 10),
});
const signed = (version: number): SessionNoteVersion => ({
  version,
  kind: 'signed',
  body: 'final',
  createdAt: at(100),
});

describe('decideNoteDraft', () => {
  it('stores a draft as the next version when its writer started from the latest one', () => {
    expect(decideNoteDraft([], 0)).toEqual({ refused: false, version: 1 });
    expect(decideNoteDraft([draft(1), draft(2)], 2)).toEqual({ refused: false, version: 3 });
  });

  it('refuses a draft written over an older version, naming baseVersion', () => {
    expect(decideNoteDraft([draft(1), draft(2)], 1)).toEqual({
      refused: true,
      code: 'note-version-conflict',
      message: 'The note is at version 2; reload before saving.',
      field: { name: 'baseVersion', message: 'is not the latest (2)' },
    });
  });

  it('refuses any draft once the note is signed: an addendum is the way', () => {
    expect(decideNoteDraft([draft(1), signed(2)], 2)).toMatchObject({ refused: true, code: 'note-signed' });
  });
});

describe('decideNoteSignature', () => {
  it('signs the latest draft as it stands, or with no draft leaves the composed text to the caller', () => {
    expect(decideNoteSignature([draft(1, 'first'), draft(2, 'second')])).toEqual({
      refused: false,
      version: 3,
      draftBody: 'second',
    });
    expect(decideNoteSignature([])).toEqual({ refused: false, version: 1, draftBody: undefined });
  });

  it('signs once only', () => {
    expect(decideNoteSignature([draft(1), signed(2)])).toMatchObject({
      refused: true,
      code: 'note-signed',
      message: 'The note is already signed.',
    });
  });
});

describe('decideNoteAddendum', () => {
  it('adds an addendum beside a signed note as the next version', () => {
    expect(decideNoteAddendum([draft(1), signed(2)])).toEqual({ refused: false, version: 3 });
  });

  it('refuses an addendum before the signature: the draft is edited instead', () => {
    expect(decideNoteAddendum([draft(1)])).toMatchObject({ refused: true, code: 'note-not-signed' });
  });
});

describe('recordChangedSinceDraft', () => {
  it('says so when something was recorded after the latest draft, and not before', () => {
    expect(recordChangedSinceDraft([draft(1), draft(2)], at(21))).toBe(true);
    expect(recordChangedSinceDraft([draft(1), draft(2)], at(20))).toBe(false);
    expect(recordChangedSinceDraft([draft(1)], undefined)).toBe(false);
  });

  it('never once the note is signed, nor without a draft', () => {
    expect(recordChangedSinceDraft([draft(1), signed(2)], at(200))).toBe(false);
    expect(recordChangedSinceDraft([], at(200))).toBe(false);
  });
});
