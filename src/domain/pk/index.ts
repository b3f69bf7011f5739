export { actualInfusions, infusionRunningMinutes, plannedInfusion } from './infusions.js';
export {
  CLEMENTS_1981,
  DEFAULT_PK_MODEL,
  DOMINO_1982,
  HIJAZI_2003,
  PK_MODELS,
  pkModelById,
  type PkModel,
} from './models.js';
export {
  hybridRateConstants,
  modalForm,
  simulate,
  validatePkModel,
  type ConcentrationPoint,
  type Infusion,
  type ModalForm,
  type PkSimulation,
  type SimulationOptions,
} from './simulate.js';
