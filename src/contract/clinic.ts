/** The clinic's care settings contract (issue 13): GET and PUT /api/clinic/care-settings. */
import { Type } from 'typebox';
import { ClinicHoursSchema, JsonObject } from './common.js';
import { WEIGHT_BASES } from '../domain/dosing/index.js';

export const HourCycleSchema = Type.Union([Type.Literal('h12'), Type.Literal('h23')], {
  description: '12-hour (9:42 PM) or 24-hour (21:42) clock',
});

export const CareSettingsSchema = Type.Object({
  timeZone: Type.String(),
  locale: Type.String({ description: "The clinic's locale (BCP 47): how dates are shown and typed" }),
  hourCycle: HourCycleSchema,
  clinicHours: ClinicHoursSchema,
  dosingWeightBasis: Type.String(),
  eligibilityRuleOverrides: JsonObject,
  eligibilityRuleSetVersion: Type.String(),
  eligibilityRuleEditsRefused: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
    description: 'Stored rule edits the current rules refuse (not applied)',
  }),
  protocolSettings: Type.Record(Type.String(), JsonObject),
});

export const CareSettingsBodySchema = Type.Object(
  {
    timeZone: Type.Optional(Type.String({ maxLength: 60 })),
    locale: Type.Optional(Type.String({ maxLength: 35 })),
    hourCycle: Type.Optional(HourCycleSchema),
    clinicHours: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "{ '1': { open: '08:00', close: '18:00' }, '0': 'closed', ... }",
      }),
    ),
    dosingWeightBasis: Type.Optional(Type.Enum(WEIGHT_BASES as readonly ('actual' | 'ideal' | 'adjusted')[])),
    eligibilityRuleOverrides: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    protocolSettings: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
  },
  { additionalProperties: false },
);
