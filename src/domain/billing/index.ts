export {
  COMMON_DIAGNOSES,
  CPT_IV_INFUSION,
  HCPCS_ESKETAMINE,
  ICD10CM_SOURCE,
  PROCEDURE_CODES,
  type ProcedureCode,
} from './codes.js';
export {
  BILLING_SETTING_CITATIONS,
  DEFAULT_BILLING_SETTINGS,
  additionalHourUnits,
  billingCodesForSession,
  type BillingDiagnosis,
  type BillingLine,
  type BillingSettings,
  type SessionBilling,
  type SessionBillingInput,
} from './session-billing.js';
export { billableInfusionMinutes, sessionBillingInput } from './session-billing-input.js';
