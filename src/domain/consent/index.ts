export { CONSENT_DOCUMENTS, type ConsentDocument } from './documents.js';
export { consentDocumentSha256, consentStatus, currentConsentFor, type ConsentStatus } from './consent.js';
