/** The treatment-day session screen and its reusable pieces (other features, e.g. REMS, embed them). */
export { TreatmentSessionPage, TreatmentSession, SessionSections, useLiveSession } from './TreatmentSessionPage';
export { useNow } from '../../components/useNow';
export { CheckInPanel, CheckInForm, ChecklistTable, ChecklistStatusBadge, CHECKLIST_LABELS } from './CheckInPanel';
export { DosePanel, EsketamineDeviceControls, InfusionControls, AdministrationRecord } from './DosePanel';
export {
  MonitoringPanel,
  ChecksDue,
  MonitoringAlerts,
  ObservationForm,
  Timeline,
  AdverseEvents,
  describeEntry,
} from './MonitoringPanel';
export { PkChart } from './PkChart';
export { DischargePanel } from './DischargePanel';
export { SessionNotePanel } from './SessionNotePanel';
export * from './treatment-day.api';
export { formatCountdown, describeCheckDue, formatClockTime } from './session-time';
