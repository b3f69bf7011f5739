export {
  addDays,
  daysBetween,
  formatMinuteOfDay,
  fromDayNumber,
  isHhMm,
  isIsoDate,
  toDayNumber,
  toMinuteOfDay,
  weekdayOf,
  type IsoDate,
  type Weekday,
} from './dates.js';
export {
  WEEKDAY_NAMES,
  checkWithinClinicHours,
  hoursOn,
  openMinutesOn,
  validateClinicHours,
  type ClinicHours,
  type DayHours,
  type HoursCheck,
  type OpeningHours,
} from './clinic-hours.js';
export {
  addMinutes,
  chairConflicts,
  findFirstFreeSlot,
  fromMinuteNumber,
  intervalsOverlap,
  sessionChairEnd,
  toMinuteNumber,
  type ChairBooking,
  type Interval,
  type LocalDateTime,
} from './overlap.js';
export { preSessionChecklist, type PreSessionChecklist } from './reminders.js';
export {
  minimumDaysBetween,
  sessionReminders,
  spacingConflict,
  type ReminderItem,
  type SessionReminders,
  type SpacingConflict,
} from './booking-rules.js';
export {
  canBeMoved,
  isTooEarlyForNoShow,
  LIVE_SESSION_STATUSES,
  slotRefusal,
  takesReminderConfirmations,
  type BookedSessionStatus,
  type SlotRefusal,
} from './booked-session.js';
export { MAX_SHIFT_HOURS, isClinicalStaff, shiftProblem } from './staff-shifts.js';
export {
  PLACEMENT_STEP_MIN,
  placeInChairs,
  placementRefusal,
  roundUpToQuarter,
  type ChairPlacement,
  type PlacementRefusal,
} from './plan-placement.js';
export {
  CANCEL_REASONS,
  CONFIRMABLE_REQUIREMENTS,
  type CancelReason,
  type ConfirmableRequirement,
} from './session-codes.js';
export {
  appointmentEnd,
  cancellationReason,
  groupSlotKey,
  isAppointmentChangeable,
  requireRoleMayHold,
  requireVideoLinkFits,
  resourceToBook,
  type AppointmentResourceKind,
  type AppointmentStatus,
  type AppointmentTypeRules,
} from './appointments.js';
