/** The patient's self-intake form: what the phone form holds, and the submission it sends (src/contract/self-intake.ts). */
import type { SelfIntakeSubmission } from './self-intake.api';

export interface TrialAnswer {
  drug: string;
  doseMgPerDay: string;
  weeks: string;
  outcome: 'no-response' | 'partial-response' | 'response' | 'remission' | 'not-tolerated';
}

export interface SelfIntakeValues {
  phone: string;
  email: string;
  emergencyName: string;
  emergencyRelationship: string;
  emergencyPhone: string;
  rideName: string;
  ridePhone: string;
  heightCm: string;
  weightKg: string;
  /** One medicine a line: "sertraline, 100 mg daily". */
  medications: string;
  noKnownAllergies: boolean;
  /** One allergy a line: "penicillin, rash". */
  allergies: string;
  trials: TrialAnswer[];
  psychosis: '' | 'never' | 'past' | 'active';
  mania: '' | 'never' | 'past' | 'current';
  priorKetamine: '' | 'yes' | 'no';
  typedName: string;
  agreed: boolean;
}

export const EMPTY_SELF_INTAKE: SelfIntakeValues = {
  phone: '',
  email: '',
  emergencyName: '',
  emergencyRelationship: '',
  emergencyPhone: '',
  rideName: '',
  ridePhone: '',
  heightCm: '',
  weightKg: '',
  medications: '',
  noKnownAllergies: false,
  allergies: '',
  trials: [],
  psychosis: '',
  mania: '',
  priorKetamine: '',
  typedName: '',
  agreed: false,
};

/** "name, detail" lines -> [name, detail?] pairs; blank lines are skipped. */
function lines(text: string): Array<[string, string | undefined]> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const comma = l.indexOf(',');
      if (comma < 0) return [l, undefined];
      const detail = l.slice(comma + 1).trim();
      return [l.slice(0, comma).trim(), detail || undefined];
    });
}

const numberOrUndefined = (text: string): number | undefined => {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || !Number.isFinite(n) ? undefined : n;
};

/** The submission: only what the patient filled in is sent, so nothing they left empty replaces the record. */
export function submissionOf(
  values: SelfIntakeValues,
  consent: { documentId: string; version: string; sha256: string } | null,
): SelfIntakeSubmission {
  const contact = {
    ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
    ...(values.email.trim() ? { email: values.email.trim() } : {}),
  };
  const registration = {
    ...(values.emergencyName.trim() && values.emergencyPhone.trim()
      ? {
          emergencyContact: {
            name: values.emergencyName.trim(),
            phone: values.emergencyPhone.trim(),
            ...(values.emergencyRelationship.trim() ? { relationship: values.emergencyRelationship.trim() } : {}),
          },
        }
      : {}),
    ...(values.rideName.trim() || values.ridePhone.trim()
      ? {
          ride: {
            ...(values.rideName.trim() ? { name: values.rideName.trim() } : {}),
            ...(values.ridePhone.trim() ? { phone: values.ridePhone.trim() } : {}),
          },
        }
      : {}),
  };
  const medications = lines(values.medications).map(([name, dose]) => ({ name, ...(dose ? { dose } : {}) }));
  const allergies = values.noKnownAllergies
    ? []
    : lines(values.allergies).map(([substance, reaction]) => ({ substance, ...(reaction ? { reaction } : {}) }));
  const trials = values.trials
    .filter((t) => t.drug.trim())
    .map((t) => ({
      drug: t.drug.trim(),
      doseMgPerDay: numberOrUndefined(t.doseMgPerDay) ?? 0,
      weeks: numberOrUndefined(t.weeks) ?? 0,
      adherence: 'good' as const,
      outcome: t.outcome,
      currentEpisode: true,
    }));
  const history = {
    ...(values.psychosis ? { psychosis: values.psychosis } : {}),
    ...(values.mania ? { mania: values.mania } : {}),
    ...(values.priorKetamine ? { priorKetamine: values.priorKetamine === 'yes' } : {}),
  };
  const height = numberOrUndefined(values.heightCm);
  const weight = numberOrUndefined(values.weightKg);
  const health = {
    ...(height !== undefined ? { heightCm: height } : {}),
    ...(weight !== undefined ? { weightKg: weight } : {}),
    ...(medications.length > 0 ? { medications } : {}),
    ...(values.noKnownAllergies || allergies.length > 0 ? { allergies } : {}),
    ...(trials.length > 0 ? { trials } : {}),
    ...(Object.keys(history).length > 0 ? { history } : {}),
  };
  return {
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
    ...(Object.keys(registration).length > 0 ? { registration } : {}),
    ...(Object.keys(health).length > 0 ? { health } : {}),
    ...(consent ? { consent: { ...consent, typedName: values.typedName.trim(), agreed: true as const } } : {}),
  };
}
