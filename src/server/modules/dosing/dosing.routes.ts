import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IV_DOSING_PROTOCOLS, type DosingService } from './dosing.service.js';

const Citation = Type.Object({
  source: Type.String(),
  detail: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  status: Type.String(),
});

export function dosingRoutes(service: DosingService) {
  return async function register(app: App): Promise<void> {
    app.post(
      '/api/dosing/iv',
      {
        config: { access: { permission: 'dosing:calculate' } },
        schema: {
          tags: ['dosing'],
          summary:
            "IV ketamine dose, volume (0.1 mL) and pump rate (0.1 mL/h) on the clinic's weight basis; above the protocol cap: 422",
          body: Type.Object(
            {
              weightKg: Type.Number({ description: 'Actual body weight, kg' }),
              mgPerKg: Type.Number(),
              durationMin: Type.Number(),
              concentrationMgPerMl: Type.Number(),
              protocol: Type.Optional(
                Type.Enum(IV_DOSING_PROTOCOLS, { description: 'Whose cap applies (default iv-ketamine-induction)' }),
              ),
              heightCm: Type.Optional(
                Type.Number({ description: 'Needed when the clinic doses by ideal or adjusted weight' }),
              ),
              sex: Type.Optional(
                Type.Enum(['male', 'female'], {
                  description: 'Needed when the clinic doses by ideal or adjusted weight',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              doseMg: Type.Number(),
              volumeMl: Type.Number(),
              rateMlPerHour: Type.Number(),
              dosingWeight: Type.Object({ weightKg: Type.Number(), basis: Type.String(), explanation: Type.String() }),
              protocol: Type.Object({ id: Type.String(), version: Type.String(), capMgPerKg: Type.Number() }),
              sources: Type.Array(Citation),
            }),
            ...errorResponses,
          },
        },
      },
      (request) => service.iv(requestContext(request), request.body),
    );

    app.post(
      '/api/dosing/esketamine',
      {
        config: { access: { permission: 'dosing:calculate' } },
        schema: {
          tags: ['dosing'],
          summary: 'Esketamine devices and timing: 28, 56 or 84 mg (other values 400; above 84 mg 422)',
          body: Type.Object({ doseMg: Type.Number() }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              doseMg: Type.Number(),
              devices: Type.Integer(),
              minutesBetweenDevices: Type.Integer(),
              minimumMonitoringMin: Type.Integer(),
              administrationMin: Type.Integer(),
              sources: Type.Array(Citation),
            }),
            ...errorResponses,
          },
        },
      },
      (request) => service.esketamine(request.body),
    );
  };
}
