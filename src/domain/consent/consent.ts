import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/hash-chain.js';
import { DomainValidationError } from '../shared/validation.js';
import { MODALITIES, isModality, type Modality } from '../protocols/modality.js';
import { CONSENT_DOCUMENTS, type ConsentDocument } from './documents.js';

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The highest version of the modality's consent document; an unknown modality is a DomainValidationError. */
export function currentConsentFor(
  modality: Modality,
  documents: readonly ConsentDocument[] = CONSENT_DOCUMENTS,
): ConsentDocument {
  if (!isModality(modality))
    throw new DomainValidationError([{ field: 'modality', message: `must be one of ${MODALITIES.join(', ')}` }]);
  const versions = documents
    .filter((d) => d.modality === modality)
    .sort((a, b) => compareVersions(b.version, a.version));
  const current = versions[0];
  if (!current)
    throw new DomainValidationError([{ field: 'modality', message: `no consent document for ${modality}` }]);
  return current;
}

/**
 * SHA-256 (hex) of a consent document's signed content: id, modality, version, title and body, serialised
 * canonically. A signature stores this with the version, so it proves which exact text the patient agreed to.
 */
export function consentDocumentSha256(document: ConsentDocument): string {
  const content = {
    id: document.id,
    modality: document.modality,
    version: document.version,
    title: document.title,
    body: document.body,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export type ConsentStatus =
  | { readonly current: true }
  | {
      readonly current: false;
      readonly reason: 'no-consent' | 'other-modality' | 'outdated-version' | 'hash-mismatch';
      readonly message: string;
    };

/**
 * Whether a stored signature covers the current consent for a modality. A session may start only when it does.
 * The hash check catches a signature recorded against text that differs from the shipped document.
 */
export function consentStatus(
  modality: Modality,
  signature: { readonly documentId: string; readonly version: string; readonly sha256: string } | undefined,
  documents: readonly ConsentDocument[] = CONSENT_DOCUMENTS,
): ConsentStatus {
  const current = currentConsentFor(modality, documents);
  if (!signature) return { current: false, reason: 'no-consent', message: `No signed consent for ${modality}` };
  if (signature.documentId !== current.id) {
    return {
      current: false,
      reason: 'other-modality',
      message: `The signed consent (${signature.documentId}) is not the ${modality} consent`,
    };
  }
  if (signature.version !== current.version) {
    return {
      current: false,
      reason: 'outdated-version',
      message: `Signed version ${signature.version}; the current version is ${current.version}`,
    };
  }
  if (signature.sha256 !== consentDocumentSha256(current)) {
    return { current: false, reason: 'hash-mismatch', message: 'The signed text does not match the current document' };
  }
  return { current: true };
}
