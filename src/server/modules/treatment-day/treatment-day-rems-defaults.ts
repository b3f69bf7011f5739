/**
 * What the clinic fills in once for every SPRAVATO REMS Patient Monitoring Form: its setting type and address, and
 * the contact of the monitoring provider. Stored under `treatmentDay.rems` in the clinic's settings; a form lacking
 * any of them is reported incomplete by `buildMonitoringForm`, field by field.
 */
import type { HealthcareSettingType } from '../../../domain/rems/index.js';

export interface RemsSettingDefaults {
  readonly setting: HealthcareSettingType;
  readonly healthcareSetting: {
    readonly name?: string;
    readonly address1?: string;
    readonly address2?: string;
    readonly city?: string;
    readonly state?: string;
    readonly zip?: string;
  };
  readonly monitoringContact: { readonly phone?: string; readonly email?: string };
}

export const DEFAULT_REMS_SETTING: RemsSettingDefaults = {
  setting: 'outpatient',
  healthcareSetting: {},
  monitoringContact: {},
};
