/**
 * Single-use links a patient opens at home to answer patient-reported instruments: created by staff (or sent in a
 * message), opened and submitted by the patient with no account. Every questionnaire of a link is stored at once,
 * through the same recorder as a staff member's measure, and a suicide-risk answer shows crisis resources first.
 */
import { newLinkToken } from '../../auth/link-token.js';
import { sha256 } from '../../auth/sha256.js';
import { getInstrument, isInstrumentId } from '../../../domain/instruments/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { MeasureContext } from '../../db/schema.js';
import { BadRequestError, GoneError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { clinicContext } from '../audit/audit.service.js';
import { resolveClinicSettings } from '../clinics/clinic-settings.js';
import { requirePatient } from '../patients/patient-lookup.js';
import { clinicSettingsOf, type MeasureRecorder, type RecordedMeasure } from './measure-recorder.js';
import type { MeasuresDeps } from './measures-deps.js';

function prefixIssues(error: unknown, prefix: string): never {
  if (error instanceof DomainValidationError) {
    throw new DomainValidationError(error.issues.map((i) => ({ field: `${prefix}${i.field}`, message: i.message })));
  }
  throw error;
}

/** A link is answered once, and only until it expires. */
function linkStatus(link: { usedAt: Date | null; expiresAt: Date }, now: Date): 'used' | 'expired' | 'open' {
  return link.usedAt ? 'used' : link.expiresAt <= now ? 'expired' : 'open';
}

export class MeasureLinksService {
  constructor(
    private readonly deps: MeasuresDeps,
    private readonly recorder: MeasureRecorder,
  ) {}

  async createLink(
    ctx: RequestContext,
    patientId: string,
    input: {
      instruments: string[];
      context: MeasureContext;
      sessionId?: string | undefined;
      expiresInHours?: number | undefined;
    },
  ) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.deps.patients, clinicId, patientId);
    input.instruments.forEach((id, i) => {
      if (!isInstrumentId(id))
        throw new BadRequestError(`Unknown instrument "${id}".`, [
          { field: `instruments.${i}`, message: 'is not a known instrument id' },
        ]);
      if (getInstrument(id).respondent !== 'patient')
        throw new BadRequestError(`${id} is rated by a clinician, not answered by the patient.`, [
          { field: `instruments.${i}`, message: 'is not a patient-reported instrument' },
        ]);
    });
    const settings = await clinicSettingsOf(this.deps.clinics, clinicId);
    const now = this.deps.clock();
    const { token, tokenHash, expiresAt } = newLinkToken(now, input.expiresInHours ?? settings.measureLinkHours);
    const link = await this.deps.measures.insertLink({
      clinicId,
      patientId,
      tokenHash,
      instruments: input.instruments,
      context: input.context,
      sessionId: input.sessionId ?? null,
      createdBy: ctx.principal.userId,
      createdAt: now,
      expiresAt,
    });
    await this.deps.audit.record(ctx, {
      action: 'create',
      resourceType: 'MeasureLink',
      resourceId: link.id,
      patientId,
      occurredAt: now,
      detail: { instruments: input.instruments },
    });
    return {
      id: link.id,
      token,
      path: `/q/${token}`,
      expiresAt: expiresAt.toISOString(),
      instruments: input.instruments,
    };
  }

  async linksForPatient(ctx: RequestContext, patientId: string) {
    await requirePatient(this.deps.patients, ctx.principal.clinicId, patientId);
    const now = this.deps.clock();
    const rows = await this.deps.measures.linksForPatient(ctx.principal.clinicId, patientId);
    return rows.map((l) => ({
      id: l.id,
      instruments: l.instruments,
      context: l.context,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      usedAt: l.usedAt ? l.usedAt.toISOString() : null,
      status: linkStatus(l, now),
    }));
  }

  /** What the patient's page shows: the instruments, with nothing that identifies the patient. */
  async openLink(token: string, clientIp: string | null) {
    const link = await this.deps.measures.findLinkByTokenHash(sha256(token));
    const now = this.deps.clock();
    if (!link)
      throw new NotFoundError('This questionnaire link is not valid. Please check the link or contact your clinic.');
    const status = linkStatus(link, now);
    await this.deps.audit.record(clinicContext(link.clinicId, clientIp), {
      action: 'open-link',
      resourceType: 'MeasureLink',
      resourceId: link.id,
      patientId: link.patientId,
      occurredAt: now,
      detail: { status },
    });
    return {
      status,
      clinicName: link.clinicName,
      expiresAt: link.expiresAt.toISOString(),
      message:
        status === 'used'
          ? 'These questionnaires have already been completed. Thank you.'
          : status === 'expired'
            ? 'This link has expired. Please ask your clinic for a new one.'
            : null,
      instruments: status === 'open' ? link.instruments.map((id) => publicInstrument(id)) : [],
      crisisResources: resolveClinicSettings(link.clinicSettings).crisisResources.resources,
    };
  }

  /** Stores every questionnaire of a link at once; the link is used only when all of them are valid. */
  async submitLink(
    token: string,
    responses: Array<{ instrument: string; answers: Record<string, unknown> }>,
    clientIp: string | null,
  ) {
    const now = this.deps.clock();
    const result = await this.deps.transact(async (trx) => {
      const link = await this.deps.measures.findLinkByTokenHash(sha256(token), trx);
      if (!link) throw new NotFoundError('This questionnaire link is not valid.');
      const status = linkStatus(link, now);
      if (status === 'used') throw new GoneError('These questionnaires have already been completed.');
      if (status === 'expired') throw new GoneError('This link has expired. Please ask your clinic for a new one.');
      const expected = [...link.instruments].sort().join(',');
      const given = responses
        .map((r) => r.instrument)
        .sort()
        .join(',');
      if (expected !== given)
        throw new BadRequestError(`Answer each questionnaire of this link once: ${link.instruments.join(', ')}.`, [
          { field: 'responses', message: `must hold exactly ${link.instruments.join(', ')}` },
        ]);
      if (!(await this.deps.measures.useLink(trx, link.id, now)))
        throw new GoneError('These questionnaires have already been completed.');
      const settings = resolveClinicSettings(link.clinicSettings);
      const stored: RecordedMeasure[] = [];
      for (const [i, response] of responses.entries()) {
        try {
          stored.push(
            await this.recorder.store(trx, {
              instrument: response.instrument,
              answers: response.answers,
              context: link.context,
              sessionId: link.sessionId ?? undefined,
              clinicId: link.clinicId,
              patientId: link.patientId,
              recordedBy: null,
              source: 'patient-link',
              linkId: link.id,
              settings,
              now,
            }),
          );
        } catch (error) {
          prefixIssues(error, `responses.${i}.`);
        }
      }
      await this.deps.audit.record(
        clinicContext(link.clinicId, clientIp),
        {
          action: 'submit-link',
          resourceType: 'MeasureLink',
          resourceId: link.id,
          patientId: link.patientId,
          occurredAt: now,
          detail: { measures: stored.length },
        },
        trx,
      );
      return { stored, settings };
    });
    const raised = result.stored.some((m) => m.alert !== null);
    return {
      completed: true,
      // Crisis resources come first in the answer, and the page shows them before anything else.
      crisis: raised
        ? {
            resources: result.settings.crisisResources.resources,
            message:
              'You told us you have had thoughts of death or of hurting yourself. Your care team has been alerted. If you are in danger now, use one of these at once.',
          }
        : null,
    };
  }
}

/** An instrument as the patient's page renders it. */
export function publicInstrument(id: string) {
  const def = getInstrument(id);
  return {
    id: def.id,
    title: def.title,
    shortName: def.shortName,
    preamble: def.preamble,
    recallPeriod: def.recallPeriod,
    copyright: def.copyright,
    items: def.items.map((item) => ({
      linkId: item.linkId,
      text: item.text,
      answerType: item.answerType,
      required: item.required,
      enableWhen: item.enableWhen ?? null,
      options: item.options.map((o) => ({ score: o.score, label: o.label })),
    })),
  };
}
