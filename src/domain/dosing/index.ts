export { ivDose, type IvDose, type IvDoseInput } from './iv.js';
export {
  esketamineDose,
  isEsketamineDose,
  ESKETAMINE_MG_PER_DEVICE,
  ESKETAMINE_VALID_DOSES_MG,
  ESKETAMINE_MINUTES_BETWEEN_DEVICES,
  ESKETAMINE_MINIMUM_MONITORING_MIN,
  type EsketamineDose,
  type EsketamineDoseMg,
} from './esketamine.js';
export {
  idealBodyWeightKg,
  adjustedBodyWeightKg,
  dosingWeightKg,
  ADJUSTED_WEIGHT_FACTOR,
  WEIGHT_BASES,
  type DosingWeight,
  type Sex,
  type WeightBasis,
} from './weight.js';
export { roundTo } from './numbers.js';
export {
  assertPreparedDoseAllowed,
  checkDeliveredTotal,
  checkInfusionRate,
  checkPreparedIvDose,
  CHAIR_DOSE_CITATIONS,
  DELIVERED_TOLERANCE,
  PREPARED_ABOVE_PLAN_TOLERANCE,
  RATE_TOLERANCE,
  type DeliveredCheck,
  type DoseOverride,
  type PreparedDoseReason,
  type PreparedIvDoseCheck,
  type RateCheck,
} from './chair-dose.js';
