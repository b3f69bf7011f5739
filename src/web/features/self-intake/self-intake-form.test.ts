import { describe, expect, it } from 'vitest';
import { EMPTY_SELF_INTAKE, submissionOf } from './self-intake-form';

describe('the self-intake submission', () => {
  it('sends nothing the patient left empty, so nothing in the record is replaced by a blank', () => {
    expect(submissionOf(EMPTY_SELF_INTAKE, null)).toEqual({});
  });

  it('reads medicines and allergies one a line, "name, detail"', () => {
    const sent = submissionOf(
      { ...EMPTY_SELF_INTAKE, medications: 'sertraline, 100 mg daily\n\n bupropion ', allergies: 'penicillin, rash' },
      null,
    );
    expect(sent.health).toEqual({
      medications: [{ name: 'sertraline', dose: '100 mg daily' }, { name: 'bupropion' }],
      allergies: [{ substance: 'penicillin', reaction: 'rash' }],
    });
  });

  it('sends an empty allergy list for "no known allergies", which differs from not answering', () => {
    expect(submissionOf({ ...EMPTY_SELF_INTAKE, noKnownAllergies: true, allergies: 'ignored' }, null).health).toEqual({
      allergies: [],
    });
  });

  it('sends trials with numbers, the consent with the typed name, and height with a decimal comma', () => {
    const sent = submissionOf(
      {
        ...EMPTY_SELF_INTAKE,
        heightCm: '172,5',
        typedName: ' Pat Lee ',
        agreed: true,
        trials: [
          { drug: 'escitalopram', doseMgPerDay: '20', weeks: '8', outcome: 'no-response' },
          { drug: ' ', doseMgPerDay: '', weeks: '', outcome: 'response' },
        ],
      },
      { documentId: 'doc', version: '1.0.0', sha256: 'a'.repeat(64) },
    );
    expect(sent.health).toEqual({
      heightCm: 172.5,
      trials: [
        {
          drug: 'escitalopram',
          doseMgPerDay: 20,
          weeks: 8,
          adherence: 'good',
          outcome: 'no-response',
          currentEpisode: true,
        },
      ],
    });
    expect(sent.consent).toEqual({
      documentId: 'doc',
      version: '1.0.0',
      sha256: 'a'.repeat(64),
      typedName: 'Pat Lee',
      agreed: true,
    });
  });

  it('sends an emergency contact only with both a name and a phone number', () => {
    expect(submissionOf({ ...EMPTY_SELF_INTAKE, emergencyName: 'Sam' }, null).registration).toBeUndefined();
    expect(
      submissionOf({ ...EMPTY_SELF_INTAKE, emergencyName: 'Sam', emergencyPhone: '555-0101' }, null).registration,
    ).toEqual({ emergencyContact: { name: 'Sam', phone: '555-0101' } });
  });
});
