import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { Permission } from '../../auth/permissions.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { LEDGER_EVENT_KINDS } from '../../../domain/inventory/entries.js';
import {
  AdministrationBodySchema,
  AppendResultSchema,
  CORRECTABLE_KINDS,
  CountBodySchema,
  DestructionBodySchema,
  DrawBodySchema,
  EntrySchema,
  FormatQuery,
  InventoryBodySchema,
  LocationBodySchema,
  LocationUpdateSchema,
  LossBodySchema,
  ProductBodySchema,
  ReceiptBodySchema,
  ReconciliationSchema,
  ResolveBodySchema,
  ReturnBodySchema,
  TransferBodySchema,
  WasteBodySchema,
  correctionBodySchema,
  type CorrectionBody,
  type ReportFormat,
} from '../../../contract/ledger.js';
import type { AppendResult, LedgerService, ReportOutput } from './ledger.service.js';
import type { LedgerCountsService } from './ledger-counts.service.js';
import {
  AddLocationResponse,
  AddProductResponse,
  BalancesResponse,
  DiscrepanciesResponse,
  EntriesResponse,
  LedgerSessionsResponse,
  UnreconciledResponse,
  LocationsResponse,
  LossReportsResponse,
  OverviewResponse,
  ProductsResponse,
  AdministrationLogReportResponse,
  DiscrepancyReportResponse,
  InventoryReportResponse,
  LotHistoryReportResponse,
  UpdateLocationResponse,
  VerifyResponse,
} from '../../../contract/ledger.js';

const read = { access: { permission: 'ledger:read' as Permission } };
const write = { access: { permission: 'ledger:write' as Permission } };
const admin = { access: { permission: 'ledger:admin' as Permission } };
const tags = ['ledger'];
const created = { 201: AppendResultSchema, 429: errorResponses[400], ...errorResponses };
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD (clinic calendar date)' });

function sendReport(reply: FastifyReply, output: ReportOutput) {
  if (output.format === 'json') return reply.send(output.body);
  return reply
    .type(output.contentType)
    .header('content-disposition', `attachment; filename="${output.filename}"`)
    .send(output.body);
}

function sendCreated(reply: FastifyReply, result: AppendResult) {
  return reply.status(201).header('location', `/api/ledger/entries/${result.entry.sequence}`).send(result);
}

/**
 * /api/ledger: the controlled-substance ledger. Every write appends one sealed entry and answers 201 with it and
 * the balances it touched; refusals by a rule answer 422 with a `code` (negative-balance, witness-required...),
 * wrong witness credentials 401 with code `witness-credentials-invalid` and the field `witness`.
 */
export function ledgerRoutes(service: LedgerService, counts: LedgerCountsService) {
  return async function register(app: App): Promise<void> {
    // Catalogue and safes ---------------------------------------------------------------------------------------
    app.get(
      '/api/ledger/products',
      {
        config: read,
        schema: {
          tags,
          summary: "The clinic's controlled-substance catalogue (NDC, strength, container size)",
          response: { 200: ProductsResponse, ...errorResponses },
        },
      },
      async (request) => ({ items: await service.products(requestContext(request)) }),
    );

    app.post(
      '/api/ledger/products',
      {
        config: admin,
        schema: {
          tags,
          summary: "Add a product (the supplier's NDC); products are never edited, because entries refer to them",
          body: ProductBodySchema,
          response: { 201: AddProductResponse, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await service.addProduct(requestContext(request), request.body)),
    );

    app.get(
      '/api/ledger/locations',
      {
        config: read,
        schema: {
          tags,
          summary: 'Storage locations (safes) and the roles that may open them',
          response: { 200: LocationsResponse, ...errorResponses },
        },
      },
      async (request) => ({ items: await service.locations(requestContext(request)) }),
    );

    app.post(
      '/api/ledger/locations',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Add a storage location; an empty role list means any ledger user may open it',
          body: LocationBodySchema,
          response: { 201: AddLocationResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addLocation(requestContext(request), request.body)),
    );

    app.patch(
      '/api/ledger/locations/:locationId',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Rename a storage location or change who may open it',
          params: Type.Object({ locationId: Type.String({ maxLength: 40 }) }),
          body: LocationUpdateSchema,
          response: { 200: UpdateLocationResponse, ...errorResponses },
        },
      },
      (request) => service.updateLocation(requestContext(request), request.params.locationId, request.body),
    );

    // Stock movements -------------------------------------------------------------------------------------------
    app.post(
      '/api/ledger/receipts',
      {
        config: write,
        schema: {
          tags,
          summary: 'Receive stock from a supplier (witness signs with their own credentials)',
          body: ReceiptBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await service.receive(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/draws',
      {
        config: write,
        schema: {
          tags,
          summary: 'Draw stock from a safe for a treatment session of a patient',
          body: DrawBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await service.draw(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/administrations',
      {
        config: write,
        schema: {
          tags,
          summary:
            'Record what the session record says was administered (patient name and address come from the record)',
          body: AdministrationBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await service.administer(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/wastes',
      {
        config: write,
        schema: {
          tags,
          summary: 'Waste the remainder of a draw, witnessed by a second staff member signing in',
          body: WasteBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await service.waste(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/transfers',
      {
        config: write,
        schema: { tags, summary: 'Move stock between storage locations', body: TransferBodySchema, response: created },
      },
      async (request, reply) => sendCreated(reply, await service.transfer(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/returns',
      {
        config: write,
        schema: { tags, summary: 'Return stock to the supplier', body: ReturnBodySchema, response: created },
      },
      async (request, reply) =>
        sendCreated(reply, await service.returnToSupplier(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/destructions',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Destroy stock (e.g. expired), two witnesses signing in; answers the DEA Form 41 record',
          body: DestructionBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await service.destroy(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/loss-reports',
      {
        config: admin,
        schema: {
          tags,
          summary:
            'Report a theft or significant loss; answers the DEA Form 106 record and the 1-business-day and 45-day deadlines',
          body: LossBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await service.reportLoss(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/counts',
      {
        config: write,
        schema: {
          tags,
          summary: 'A shift or daily count of one location; a difference from the books opens a discrepancy',
          body: CountBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await counts.count(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/inventories',
      {
        config: admin,
        schema: {
          tags,
          summary:
            'The initial or biennial inventory of one location (opening or close of business; opened containers may be estimated)',
          body: InventoryBodySchema,
          response: created,
        },
      },
      async (request, reply) => sendCreated(reply, await counts.count(requestContext(request), request.body)),
    );

    app.post(
      '/api/ledger/discrepancies/resolve',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Resolve a count discrepancy: explained, or turned into a loss report',
          body: ResolveBodySchema,
          response: created,
        },
      },
      async (request, reply) =>
        sendCreated(reply, await counts.resolveDiscrepancy(requestContext(request), request.body)),
    );

    for (const kind of CORRECTABLE_KINDS) {
      const permission = kind === 'destruction' || kind === 'loss' ? admin : write;
      app.post(
        `/api/ledger/corrections/${kind}`,
        {
          config: permission,
          schema: {
            tags,
            summary: `Correct a ${kind} entry: a new entry with what it should have said (same body as recording it), or replacement null to void it`,
            body: correctionBodySchema(kind),
            response: created,
          },
        },
        async (request, reply) =>
          sendCreated(
            reply,
            await service.correct(requestContext(request), kind, request.body as CorrectionBody<typeof kind>),
          ),
      );
    }

    // Reading ---------------------------------------------------------------------------------------------------
    app.get(
      '/api/ledger/overview',
      {
        config: read,
        schema: {
          tags,
          summary: 'Clinic page: balances, sessions to reconcile, open discrepancies, biennial inventory status',
          response: { 200: OverviewResponse, ...errorResponses },
        },
      },
      (request) => service.overview(requestContext(request)),
    );

    app.get(
      '/api/ledger/balances',
      {
        config: read,
        schema: {
          tags,
          summary: 'Balances per lot and location, derived from the ledger',
          querystring: Type.Object({ includeZero: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: BalancesResponse, ...errorResponses },
        },
      },
      (request) => service.balances(requestContext(request), request.query.includeZero ?? false),
    );

    app.get(
      '/api/ledger/entries',
      {
        config: read,
        schema: {
          tags,
          summary: 'Ledger entries, newest first, a page at a time',
          querystring: Type.Object(
            {
              beforeSequence: Type.Optional(Type.Integer({ minimum: 1 })),
              kind: Type.Optional(Type.Enum([...LEDGER_EVENT_KINDS])),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: EntriesResponse, ...errorResponses },
        },
      },
      (request) => service.entries(requestContext(request), request.query),
    );

    app.get(
      '/api/ledger/entries/:sequence',
      {
        config: read,
        schema: {
          tags,
          summary: 'One ledger entry',
          params: Type.Object({ sequence: Type.Integer({ minimum: 1 }) }),
          response: { 200: EntrySchema, ...errorResponses },
        },
      },
      (request) => service.entry(requestContext(request), request.params.sequence),
    );

    app.get(
      '/api/ledger/sessions',
      {
        config: read,
        schema: {
          tags,
          summary:
            'Sessions of the clinic days from..to with their real treatment-day phase (not only the booking status) and their reconciliation',
          querystring: Type.Object({ from: DateText, to: DateText }, { additionalProperties: false }),
          response: { 200: LedgerSessionsResponse, ...errorResponses },
        },
      },
      (request) => service.sessions(requestContext(request), request.query),
    );

    app.get(
      '/api/ledger/sessions/unreconciled',
      {
        config: read,
        schema: {
          tags,
          summary: 'Sessions whose draws are not yet accounted for (drawn != administered + wasted)',
          response: { 200: UnreconciledResponse, ...errorResponses },
        },
      },
      (request) => service.unreconciled(requestContext(request)),
    );

    app.get(
      '/api/ledger/sessions/:sessionId/reconciliation',
      {
        config: read,
        schema: {
          tags,
          summary: "One session's reconciliation: drawn = administered + wasted, per lot",
          params: Type.Object({ sessionId: Type.String({ format: 'uuid' }) }),
          response: { 200: ReconciliationSchema, ...errorResponses },
        },
      },
      (request) => service.sessionReconciliation(requestContext(request), request.params.sessionId),
    );

    app.get(
      '/api/ledger/discrepancies',
      {
        config: read,
        schema: {
          tags,
          summary: 'Count discrepancies (open ones by default)',
          querystring: Type.Object(
            { status: Type.Optional(Type.Enum(['open', 'all'])) },
            { additionalProperties: false },
          ),
          response: { 200: DiscrepanciesResponse, ...errorResponses },
        },
      },
      (request) => service.discrepancies(requestContext(request), request.query.status ?? 'open'),
    );

    app.get(
      '/api/ledger/loss-reports',
      {
        config: read,
        schema: {
          tags,
          summary: 'Loss reports with their DEA Form 106 record and deadlines',
          response: { 200: LossReportsResponse, ...errorResponses },
        },
      },
      (request) => service.lossReports(requestContext(request)),
    );

    app.get(
      '/api/ledger/verify',
      {
        config: admin,
        schema: {
          tags,
          summary: "Walk this clinic's hash chain and compare its end with the ledger head; names the first bad entry",
          response: { 200: VerifyResponse, ...errorResponses },
        },
      },
      (request) => service.verify(requestContext(request)),
    );

    // Reports: JSON, ?format=csv (RFC 4180) or ?format=pdf ---------------------------------------------------------
    app.get(
      '/api/ledger/reports/administration-log',
      {
        config: read,
        schema: {
          tags,
          summary: 'DEA-style administration and disposal log for a period (21 CFR 1304.22(c))',
          querystring: Type.Object(
            { from: DateText, to: DateText, format: FormatQuery },
            { additionalProperties: false },
          ),
          response: { 200: AdministrationLogReportResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        sendReport(
          reply,
          await service.report(
            requestContext(request),
            { report: 'administration-log', from: request.query.from, to: request.query.to },
            (request.query.format ?? 'json') as ReportFormat,
          ),
        ),
    );

    app.get(
      '/api/ledger/reports/inventory',
      {
        config: read,
        schema: {
          tags,
          summary: 'The initial or biennial inventory taken on a date (21 CFR 1304.11)',
          querystring: Type.Object(
            {
              on: DateText,
              kind: Type.Optional(Type.Enum(['initial-inventory', 'biennial-inventory'])),
              format: FormatQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: InventoryReportResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        sendReport(
          reply,
          await service.report(
            requestContext(request),
            { report: 'inventory', on: request.query.on, countKind: request.query.kind ?? 'biennial-inventory' },
            (request.query.format ?? 'json') as ReportFormat,
          ),
        ),
    );

    app.get(
      '/api/ledger/reports/lot-history',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every entry that touched one lot, with its running safe balance',
          querystring: Type.Object(
            {
              ndc: Type.String({ maxLength: 20 }),
              lot: Type.String({ minLength: 1, maxLength: 40 }),
              format: FormatQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: LotHistoryReportResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        sendReport(
          reply,
          await service.report(
            requestContext(request),
            { report: 'lot-history', ndc: request.query.ndc, lot: request.query.lot },
            (request.query.format ?? 'json') as ReportFormat,
          ),
        ),
    );

    app.get(
      '/api/ledger/reports/discrepancies',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every count discrepancy and how it was resolved',
          querystring: Type.Object({ format: FormatQuery }, { additionalProperties: false }),
          response: { 200: DiscrepancyReportResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        sendReport(
          reply,
          await service.report(
            requestContext(request),
            { report: 'discrepancies' },
            (request.query.format ?? 'json') as ReportFormat,
          ),
        ),
    );
  };
}
