import { Type, type Static } from 'typebox';
import { JsonObject, Nullable, StaffRefSchema } from './common.js';

const NameText = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const SexSchema = Type.Union([
  Type.Literal('female'),
  Type.Literal('male'),
  Type.Literal('other'),
  Type.Literal('unknown'),
]);

export const AddressSchema = Type.Object(
  {
    line: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    country: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** Contact details as a create or an edit sends them: each may be left out, or null to clear it. */
const contactFields = {
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+()\\-. ]*$' }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
  address: Type.Optional(Nullable(AddressSchema)),
};

export const PatientInputSchema = Type.Object(
  { givenName: NameText, familyName: NameText, dateOfBirth: DateText, sex: SexSchema, ...contactFields },
  { additionalProperties: false },
);
export type PatientInput = Static<typeof PatientInputSchema>;

export const PatientUpdateSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version you edited; a newer one on the server gives 409.' }),
    givenName: Type.Optional(NameText),
    familyName: Type.Optional(NameText),
    dateOfBirth: Type.Optional(DateText),
    sex: Type.Optional(SexSchema),
    ...contactFields,
  },
  { additionalProperties: false },
);
export type PatientUpdateInput = Static<typeof PatientUpdateSchema>;

export const PatientSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  mrn: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  dateOfBirth: Type.String(),
  sex: SexSchema,
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([AddressSchema, Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PatientDto = Static<typeof PatientSchema>;

export const PatientSearchQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'Words: the start of a given or family name (accents optional), a whole MRN or digits of one, a date of birth (YYYY-MM-DD, or as the clinic writes dates: 05/14/1990, 14.05.1990)',
      }),
    ),
    dateOfBirth: Type.Optional(DateText),
    mrn: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
export type PatientSearchQuery = Static<typeof PatientSearchQuerySchema>;

export const PatientListSchema = Type.Object({
  items: Type.Array(PatientSchema),
  total: Type.Integer(),
});

export const PatientVersionSchema = Type.Object({
  version: Type.Integer(),
  changedAt: Type.String({ format: 'date-time' }),
  changedBy: Nullable(StaffRefSchema),
  changedFields: Type.Array(Type.String()),
  data: JsonObject,
});

export const IdParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) });
