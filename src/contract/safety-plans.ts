/**
 * The safety-plans API contract (issue 13): what each route answers, generated from the service types and then read
 * by hand. Routes use these schemas; the web app imports their types.
 */
import { Type } from 'typebox';
import { CitationSchema, JsonObject, Nullable } from './common.js';

/** GET /api/patients/:id/safety-plan 200 */
export const CurrentResponse = Type.Object({
  sections: Type.Tuple([
    Type.Object({
      key: Type.Literal('warningSigns'),
      step: Type.Literal(1),
      title: Type.Literal('Warning signs'),
      prompt: Type.Literal('What tells you a crisis may be starting (thoughts, images, moods, situations, behaviour)?'),
    }),
    Type.Object({
      key: Type.Literal('internalCopingStrategies'),
      step: Type.Literal(2),
      title: Type.Literal('Internal coping strategies'),
      prompt: Type.Literal('What can you do on your own to take your mind off your problems?'),
    }),
    Type.Object({
      key: Type.Literal('peopleAndSocialSettings'),
      step: Type.Literal(3),
      title: Type.Literal('People and social settings that provide distraction'),
      prompt: Type.Literal('Who, or which places, help take your mind off things?'),
    }),
    Type.Object({
      key: Type.Literal('peopleToAskForHelp'),
      step: Type.Literal(4),
      title: Type.Literal('People I can ask for help'),
      prompt: Type.Literal('Whom could you contact and tell that you need help?'),
    }),
    Type.Object({
      key: Type.Literal('professionalsAndAgencies'),
      step: Type.Literal(5),
      title: Type.Literal('Professionals or agencies to contact during a crisis'),
      prompt: Type.Literal('Your clinicians, a crisis line (988 in the US) and emergency services.'),
    }),
    Type.Object({
      key: Type.Literal('makingEnvironmentSafe'),
      step: Type.Literal(6),
      title: Type.Literal('Making the environment safe'),
      prompt: Type.Literal('What will you do to keep means of harm out of reach?'),
    }),
  ]),
  citation: CitationSchema,
  current: Nullable(
    Type.Object({
      version: Type.Number(),
      content: JsonObject,
      createdAt: Type.String(),
      createdBy: Nullable(Type.String()),
    }),
  ),
  history: Type.Array(
    Type.Object({ version: Type.Number(), createdAt: Type.String(), createdBy: Nullable(Type.String()) }),
  ),
});
/** PUT /api/patients/:id/safety-plan 200 */
export const SaveResponse = CurrentResponse;

/** PUT /api/patients/:id/safety-plan: the plan is checked step by step by the domain (validateSafetyPlan), which names the field. */
export const SaveSafetyPlanBodySchema = Type.Object(
  { plan: Type.Record(Type.String(), Type.Unknown()), isDraft: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
