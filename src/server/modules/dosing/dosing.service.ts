/**
 * Dose calculators at the API: the domain's `ivDose` and `esketamineDose`, with the clinic's weight basis and the
 * cap of the clinic's version of the protocol. Nothing is stored; a dose above the cap is refused (422) with the reason.
 */
import {
  dosingWeightKg,
  esketamineDose,
  ESKETAMINE_VALID_DOSES_MG,
  ivDose,
  type Sex,
} from '../../../domain/dosing/index.js';
import { setting } from '../../../domain/protocols/index.js';
import { RuleViolationError } from '../../../domain/shared/validation.js';
import type { RequestContext } from '../../http.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';

export const IV_DOSING_PROTOCOLS = ['iv-ketamine-induction', 'iv-ketamine-maintenance', 'iv-ketamine-pain'] as const;
export type IvDosingProtocol = (typeof IV_DOSING_PROTOCOLS)[number];

export interface IvDoseRequest {
  readonly weightKg: number;
  readonly mgPerKg: number;
  readonly durationMin: number;
  readonly concentrationMgPerMl: number;
  readonly protocol?: IvDosingProtocol | undefined;
  readonly heightCm?: number | undefined;
  readonly sex?: Sex | undefined;
}

export class DosingService {
  constructor(private readonly clinics: ClinicsRepository) {}

  async iv(ctx: RequestContext, input: IvDoseRequest) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    const protocol = clinic.protocol(input.protocol ?? 'iv-ketamine-induction');
    const weight = dosingWeightKg({
      basis: clinic.settings.dosingWeightBasis,
      weightKg: input.weightKg,
      ...(input.heightCm !== undefined ? { heightCm: input.heightCm } : {}),
      ...(input.sex !== undefined ? { sex: input.sex } : {}),
    });
    // The pain protocol caps the rate (mg/kg/h); over the infusion's duration that is a cap per kg for the whole dose.
    const capMgPerKg =
      protocol.id === 'iv-ketamine-pain'
        ? setting(protocol, 'capMgPerKgPerHour') * (input.durationMin / 60)
        : setting(protocol, 'capMgPerKg');
    if (protocol.id === 'iv-ketamine-pain' && input.mgPerKg > capMgPerKg) {
      throw new RuleViolationError(
        'dose-above-cap-per-kg-per-hour',
        `${input.mgPerKg} mg/kg over ${input.durationMin} min is ${Math.round((input.mgPerKg / (input.durationMin / 60)) * 100) / 100} mg/kg/h, above the protocol cap of ${setting(protocol, 'capMgPerKgPerHour')} mg/kg/h`,
        'mgPerKg',
      );
    }
    const dose = ivDose({
      weightKg: weight.weightKg,
      mgPerKg: input.mgPerKg,
      durationMin: input.durationMin,
      concentrationMgPerMl: input.concentrationMgPerMl,
      capMgPerKg,
    });
    return {
      doseMg: dose.doseMg,
      volumeMl: dose.volumeMl,
      rateMlPerHour: dose.rateMlPerHour,
      dosingWeight: { weightKg: weight.weightKg, basis: weight.basis, explanation: weight.explanation },
      protocol: { id: protocol.id, version: protocol.version, capMgPerKg },
      sources: [dose.source, ...(weight.source ? [weight.source] : [])],
    };
  }

  esketamine(input: { doseMg: number }) {
    const max = Math.max(...ESKETAMINE_VALID_DOSES_MG);
    if (input.doseMg > max) {
      throw new RuleViolationError(
        'dose-above-cap',
        `${input.doseMg} mg is above the label's maximum esketamine dose of ${max} mg per session`,
        'doseMg',
      );
    }
    const dose = esketamineDose(input);
    return {
      doseMg: dose.doseMg,
      devices: dose.devices,
      minutesBetweenDevices: dose.minutesBetweenDevices,
      minimumMonitoringMin: dose.minimumMonitoringMin,
      administrationMin: dose.administrationMin,
      sources: [...dose.sources],
    };
  }
}
