/**
 * The controlled-substance ledger (pure domain). See README.md in this folder for the model and a worked example.
 */
export * from './citations.js';
export * from './quantity.js';
export * from './products.js';
export * from './dea-number.js';
export * from './entries.js';
export * from './dates.js';
export * from './settings.js';
export { validateEntry } from './validate.js';
export * from './ledger.js';
export * from './reconciliation.js';
export * from './deadlines.js';
export * from './seal.js';
export * from './csv.js';
export * from './reports.js';
export * from './dose-lot.js';
export * from './record-checks.js';
