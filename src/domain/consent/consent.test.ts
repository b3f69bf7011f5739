import { describe, expect, it } from 'vitest';
import { CONSENT_DOCUMENTS, type ConsentDocument } from './documents.js';
import { consentDocumentSha256, consentStatus, currentConsentFor } from './consent.js';
import { MODALITIES, isRacemicKetamine, type Modality } from '../protocols/modality.js';
import { DomainValidationError } from '../shared/validation.js';

describe('consent documents', () => {
  it('has a current, versioned document for every modality', () => {
    for (const modality of MODALITIES) {
      const doc = currentConsentFor(modality);
      expect(doc.modality).toBe(modality);
      expect(doc.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(doc.title.length).toBeGreaterThan(10);
    }
    expect(new Set(CONSENT_DOCUMENTS.map((d) => d.id)).size).toBe(MODALITIES.length);
  });

  // Source: SPRAVATO US PI (no driving until the next day after a restful sleep); the same rule is applied to
  // racemic ketamine by clinic default.
  it.each(MODALITIES)('%s: explains the no-driving rule and the ride home', (modality) => {
    const body = currentConsentFor(modality).body.toLowerCase();
    expect(body).toContain('driv');
    expect(body).toContain('next day');
    expect(body).toContain('home');
  });

  it.each(MODALITIES)('%s: names the required risks and alternatives', (modality) => {
    const body = currentConsentFor(modality).body.toLowerCase();
    for (const topic of [
      'dissociation',
      'sedation',
      'blood pressure',
      'bladder',
      'misuse',
      'other options',
      'what the treatment is',
      'stop',
    ]) {
      expect(body, topic).toContain(topic);
    }
  });

  it('says racemic ketamine is off-label and esketamine is approved with a REMS', () => {
    for (const modality of MODALITIES) {
      const body = currentConsentFor(modality).body;
      if (isRacemicKetamine(modality)) expect(body).toContain('off-label');
      else {
        expect(body).not.toContain('off-label**');
        expect(body).toContain('REMS');
        expect(body).toContain('at least two hours');
        expect(body).toContain('2 hours and do not drink anything for 30 minutes');
      }
    }
  });

  it('keeps bodies plain: no unfilled template markers', () => {
    for (const doc of CONSENT_DOCUMENTS) expect(doc.body).not.toMatch(/\$\{|undefined/);
  });

  it('picks the highest version as current', () => {
    const v1 = currentConsentFor('kap');
    const v2: ConsentDocument = { ...v1, version: '1.10.0', body: `${v1.body}\nExtra paragraph.` };
    const v0: ConsentDocument = { ...v1, version: '1.9.3' };
    expect(currentConsentFor('kap', [v0, v2, v1]).version).toBe('1.10.0');
  });

  it('refuses an unknown modality', () => {
    expect(() => currentConsentFor('oral-ketamine' as Modality)).toThrow(DomainValidationError);
  });
});

describe('consent signatures', () => {
  const doc = currentConsentFor('esketamine-nasal');
  const signed = { documentId: doc.id, version: doc.version, sha256: consentDocumentSha256(doc) };

  it('hashes the document deterministically, and any change of text changes the hash', () => {
    expect(consentDocumentSha256(doc)).toMatch(/^[0-9a-f]{64}$/);
    expect(consentDocumentSha256({ ...doc })).toBe(signed.sha256);
    expect(consentDocumentSha256({ ...doc, body: `${doc.body} ` })).not.toBe(signed.sha256);
  });

  it('accepts a signature of the current version and refuses missing, other-modality, old or altered ones', () => {
    expect(consentStatus('esketamine-nasal', signed)).toEqual({ current: true });
    expect(consentStatus('esketamine-nasal', undefined)).toMatchObject({ current: false, reason: 'no-consent' });
    expect(consentStatus('iv-ketamine', signed)).toMatchObject({ current: false, reason: 'other-modality' });
    expect(consentStatus('esketamine-nasal', { ...signed, version: '0.9.0' })).toMatchObject({
      current: false,
      reason: 'outdated-version',
    });
    expect(consentStatus('esketamine-nasal', { ...signed, sha256: '0'.repeat(64) })).toMatchObject({
      current: false,
      reason: 'hash-mismatch',
    });
    const newer: ConsentDocument = { ...doc, version: '1.1.0', body: `${doc.body}\nUpdated.` };
    expect(consentStatus('esketamine-nasal', signed, [doc, newer])).toMatchObject({
      current: false,
      reason: 'outdated-version',
    });
  });
});
