/**
 * DEA Form 41 (destruction) and Form 106 (theft or loss) records (issue 14): the record of each destruction or loss
 * entry as the domain composes it (form41Record / form106Record, src/domain/inventory/reports.ts), as a PDF, and
 * "marked as sent" events. Sending is recorded as a new row (who, when, how, a reference), never by changing the
 * entry; every read, download and mark is audited.
 */
import {
  DEA_FORM_SEND_METHOD_LABELS,
  type DeaFormRecordDto,
  type MarkDeaFormSent,
} from '../../../contract/dea-forms.js';
import { form106Record, form41Record, type DestructionEvent, type LossEvent } from '../../../domain/inventory/index.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { renderDeaFormPdf } from './dea-forms.pdf.js';
import type { DeaFormEntryRow, DeaFormsRepository, DeaFormSubmissionRow } from './dea-forms.repository.js';
import { clinicTimestampText } from './ledger-time.js';
import { localDateOf } from '../clinics/clinic-time.js';
import type { LedgerService } from './ledger.service.js';

type Source = Awaited<ReturnType<LedgerService['deaFormSource']>>;

function submissionDto(s: DeaFormSubmissionRow) {
  return {
    id: s.id,
    method: s.method,
    methodLabel: DEA_FORM_SEND_METHOD_LABELS[s.method],
    sentOn: s.sentOn,
    reference: s.reference,
    note: s.note,
    recordedAt: s.recordedAt.toISOString(),
    recordedBy: { id: s.recordedBy, displayName: s.recordedByName },
  };
}

function recordOf(
  source: Source,
  entry: DeaFormEntryRow,
  submissions: readonly DeaFormSubmissionRow[],
): DeaFormRecordDto | null {
  const { cl, state } = source;
  const event = state.effective.get(entry.entryId);
  if (!event || (event.kind !== 'destruction' && event.kind !== 'loss')) return null;
  const base = {
    entryId: entry.entryId,
    sequence: entry.sequence,
    occurredAt: event.occurredAt,
    submissions: submissions.map(submissionDto),
    isSent: submissions.length > 0,
  };
  if (event.kind === 'destruction') {
    const form41 = form41Record(event as DestructionEvent, cl.registrant, cl.replay);
    return {
      ...base,
      form: '41',
      title: 'DEA Form 41: controlled substances destroyed',
      form41: { ...form41, witnesses: [...form41.witnesses] },
      form106: null,
    };
  }
  return {
    ...base,
    form: '106',
    title: 'DEA Form 106: theft or loss',
    form41: null,
    form106: form106Record(event as LossEvent, cl.registrant, cl.holidays, cl.replay),
  };
}

export class DeaFormsService {
  constructor(
    private readonly ledger: Pick<LedgerService, 'deaFormSource'>,
    private readonly repo: DeaFormsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: DeaFormRecordDto[] }> {
    const clinicId = ctx.principal.clinicId;
    const [source, entries, submissions] = await Promise.all([
      this.ledger.deaFormSource(clinicId),
      this.repo.entries(clinicId),
      this.repo.submissions(clinicId),
    ]);
    const items = entries.flatMap(
      (e) =>
        recordOf(
          source,
          e,
          submissions.filter((s) => s.entryId === e.entryId),
        ) ?? [],
    );
    await this.audit.record(ctx, { action: 'list', resourceType: 'DeaFormRecord', detail: { results: items.length } });
    return { items };
  }

  private async load(clinicId: string, entryId: string): Promise<{ record: DeaFormRecordDto; source: Source }> {
    const [entry] = await this.repo.entries(clinicId, entryId);
    if (!entry) throw new NotFoundError('No destruction or loss entry with this id in the ledger.');
    const source = await this.ledger.deaFormSource(clinicId);
    const record = recordOf(source, entry, await this.repo.submissions(clinicId, entryId));
    if (!record) throw new NotFoundError('This entry was corrected away: it has no DEA form record.');
    return { record, source };
  }

  async get(ctx: RequestContext, entryId: string): Promise<DeaFormRecordDto> {
    const { record } = await this.load(ctx.principal.clinicId, entryId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'DeaFormRecord',
      resourceId: entryId,
      detail: { form: record.form },
    });
    return record;
  }

  async pdf(ctx: RequestContext, entryId: string): Promise<{ filename: string; pdf: Buffer }> {
    const { record, source } = await this.load(ctx.principal.clinicId, entryId);
    const now = this.clock();
    const tz = source.cl.clinic.timeZone;
    const pdf = await renderDeaFormPdf(record.form, (record.form41 ?? record.form106)!, {
      clinicName: source.cl.clinic.name,
      sequence: record.sequence,
      generatedAt: clinicTimestampText(now, tz),
      ...(source.cl.clinic.locale ? { lang: source.cl.clinic.locale } : {}),
      sendings: record.submissions.map((s) => ({
        sentOn: s.sentOn,
        methodLabel: s.methodLabel,
        reference: s.reference,
        recordedBy: s.recordedBy.displayName,
        recordedAt: clinicTimestampText(new Date(s.recordedAt), tz),
      })),
    });
    await this.audit.record(ctx, {
      action: 'export',
      resourceType: 'DeaFormRecord',
      resourceId: entryId,
      occurredAt: now,
      detail: { form: record.form, format: 'pdf' },
    });
    return { filename: `dea-form-${record.form}-entry-${record.sequence}.pdf`, pdf };
  }

  /** A new "sent" event: the day it went (not in the future, not before the record's date), how, and a reference. */
  async markSent(ctx: RequestContext, entryId: string, input: MarkDeaFormSent): Promise<DeaFormRecordDto> {
    const clinicId = ctx.principal.clinicId;
    const { record, source } = await this.load(clinicId, entryId);
    const now = this.clock();
    const today = localDateOf(now, source.cl.clinic.timeZone);
    const recordDate = record.occurredAt.slice(0, 10);
    if (input.sentOn > today)
      throw new BadRequestError('The day it was sent cannot be in the future.', [
        { field: 'sentOn', message: `is after today (${today})` },
      ]);
    if (input.sentOn < recordDate)
      throw new BadRequestError('The day it was sent cannot be before the record.', [
        { field: 'sentOn', message: `is before the record's date (${recordDate})` },
      ]);
    await this.transact(async (trx) => {
      await this.repo.insertSubmission(trx, {
        clinicId,
        entryId,
        form: record.form,
        method: input.method,
        sentOn: input.sentOn,
        reference: input.reference?.trim() || null,
        note: input.note?.trim() || null,
        recordedAt: now,
        recordedBy: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'mark-sent',
          resourceType: 'DeaFormRecord',
          resourceId: entryId,
          occurredAt: now,
          detail: { form: record.form, method: input.method, sentOn: input.sentOn },
        },
        trx,
      );
    });
    return {
      ...record,
      submissions: (await this.repo.submissions(clinicId, entryId)).map(submissionDto),
      isSent: true,
    };
  }
}
