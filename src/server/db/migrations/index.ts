/**
 * Every migration, in order. Listed explicitly (not read from the folder) so the same list works from
 * TypeScript sources, the compiled `dist/` and the tests.
 */
import type { Migration } from 'kysely/migration';
import * as foundation from './20261128000100-foundation.js';
import * as measurementBasedCare from './20261128000200-measurement-based-care.js';
import * as intakePlansScheduling from './20261128000300-intake-plans-scheduling.js';
import * as controlledSubstanceLedger from './20261128000400-controlled-substance-ledger.js';
import * as totpSingleUse from './20261202000200-totp-single-use.js';
import * as patientMrnLookup from './20261202000300-patient-mrn-lookup.js';
import * as treatmentDay from './20261202000500-treatment-day.js';
import * as measureOverviewIndexes from './20261202000900-measure-overview-indexes.js';
import * as suicideRiskEvaluation from './20261206001100-suicide-risk-evaluation.js';
import * as planReviews from './20261206003100-plan-reviews.js';
import * as staffAccountLifecycle from './20261206005100-staff-account-lifecycle.js';
import * as auditLogV2 from './20261206006100-audit-log-v2.js';
import * as patientOutcomeSummary from './20261206007100-patient-outcome-summary.js';
import * as patientSearchName from './20261206120100-patient-search-name.js';
import * as selfIntakeLinks from './20261206120200-self-intake-links.js';
import * as appointments from './20261206110100-appointments.js';
import * as outbox from './20261206110200-outbox.js';
import * as apiTokens from './20261206130100-api-tokens.js';
import * as patientIdentifiers from './20261206150100-patient-identifiers.js';
import * as bulkExport from './20261206130200-bulk-export.js';
import * as bulkExportGroup from './20261206140100-bulk-export-group.js';
import * as therapyNotes from './20261206170100-therapy-notes.js';
import * as deaFormSubmissions from './20261206170200-dea-form-submissions.js';
import * as webhooks from './20261206160100-webhooks.js';
import * as backendClients from './20261206220100-backend-clients.js';

export const migrations: Record<string, Migration> = {
  '20261128000100-foundation': foundation,
  '20261128000200-measurement-based-care': measurementBasedCare,
  '20261128000300-intake-plans-scheduling': intakePlansScheduling,
  '20261128000400-controlled-substance-ledger': controlledSubstanceLedger,
  '20261202000200-totp-single-use': totpSingleUse,
  '20261202000300-patient-mrn-lookup': patientMrnLookup,
  '20261202000500-treatment-day': treatmentDay,
  '20261202000900-measure-overview-indexes': measureOverviewIndexes,
  '20261206001100-suicide-risk-evaluation': suicideRiskEvaluation,
  '20261206003100-plan-reviews': planReviews,
  '20261206005100-staff-account-lifecycle': staffAccountLifecycle,
  '20261206006100-audit-log-v2': auditLogV2,
  '20261206007100-patient-outcome-summary': patientOutcomeSummary,
  '20261206110100-appointments': appointments,
  '20261206110200-outbox': outbox,
  '20261206120100-patient-search-name': patientSearchName,
  '20261206120200-self-intake-links': selfIntakeLinks,
  '20261206130100-api-tokens': apiTokens,
  '20261206130200-bulk-export': bulkExport,
  '20261206140100-bulk-export-group': bulkExportGroup,
  '20261206170100-therapy-notes': therapyNotes,
  '20261206170200-dea-form-submissions': deaFormSubmissions,
  '20261206150100-patient-identifiers': patientIdentifiers,
  '20261206160100-webhooks': webhooks,
  '20261206220100-backend-clients': backendClients,
};
