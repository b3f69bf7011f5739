/**
 * buildApp: the whole server in one readable file. Every plugin and module is registered here, explicitly,
 * with its dependencies passed in. Nothing is global: tests build as many apps as they like.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AppConfig } from './config/config.js';
import { transactor } from './db/transaction.js';
import type { App, ContractTypeProvider } from './http.js';
import { registerAccessControl } from './plugins/access.js';
import { registerErrorHandler, sendNoRoute } from './plugins/error-handler.js';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  loggableUrl,
  registerSecurityHeaders,
} from './plugins/http-hardening.js';
import { registerInputGuard } from './plugins/input-guard.js';
import { responseCheckingRequested, responseSerializerCompiler } from './plugins/response-contract.js';
import { validatorCompiler } from './plugins/validation.js';
import { AuditRepository } from './modules/audit/audit.repository.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthRepository } from './modules/auth/auth.repository.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import type { AuthPorts } from './modules/auth/auth-ports.js';
import { ChartRepository } from './modules/chart/chart.repository.js';
import { chartRoutes } from './modules/chart/chart.routes.js';
import { ChartService } from './modules/chart/chart.service.js';
import { ClinicsRepository } from './modules/clinics/clinics.repository.js';
import { SelfIntakeRepository } from './modules/self-intake/self-intake.repository.js';
import { selfIntakeRoutes } from './modules/self-intake/self-intake.routes.js';
import { SelfIntakeService } from './modules/self-intake/self-intake.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { PatientsRepository } from './modules/patients/patients.repository.js';
import { patientsRoutes } from './modules/patients/patients.routes.js';
import { PatientsService } from './modules/patients/patients.service.js';
import { AlertsRepository } from './modules/alerts/alerts.repository.js';
import { alertsRoutes } from './modules/alerts/alerts.routes.js';
import { AlertsService } from './modules/alerts/alerts.service.js';
import { MeasuresRepository } from './modules/measures/measures.repository.js';
import type { MeasuresPorts } from './modules/measures/measures-ports.js';
import type { MeasuresDeps } from './modules/measures/measures-deps.js';
import { measuresRoutes } from './modules/measures/measures.routes.js';
import { MeasuresService } from './modules/measures/measures.service.js';
import { MeasureLinksService } from './modules/measures/measure-links.service.js';
import { MeasureRecorder } from './modules/measures/measure-recorder.js';
import { OutcomesService } from './modules/measures/outcomes.service.js';
import { SafetyPlansRepository } from './modules/safety-plans/safety-plans.repository.js';
import { safetyPlansRoutes } from './modules/safety-plans/safety-plans.routes.js';
import { createLedgerService } from './modules/ledger/ledger.module.js';
import type { LedgerPorts } from './modules/ledger/ledger-ports.js';
import { LedgerCountsService } from './modules/ledger/ledger-counts.service.js';
import { ledgerRoutes } from './modules/ledger/ledger.routes.js';
import { DeaFormsRepository } from './modules/ledger/dea-forms.repository.js';
import { deaFormsRoutes } from './modules/ledger/dea-forms.routes.js';
import { DeaFormsService } from './modules/ledger/dea-forms.service.js';
import { SafetyPlansService } from './modules/safety-plans/safety-plans.service.js';
import { UsersRepository } from './modules/users/users.repository.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { UsersService } from './modules/users/users.service.js';
import { ConsentRepository } from './modules/consent/consent.repository.js';
import { consentRoutes } from './modules/consent/consent.routes.js';
import { ConsentService } from './modules/consent/consent.service.js';
import { dosingRoutes } from './modules/dosing/dosing.routes.js';
import { DosingService } from './modules/dosing/dosing.service.js';
import { EligibilityRepository } from './modules/eligibility/eligibility.repository.js';
import { eligibilityRoutes } from './modules/eligibility/eligibility.routes.js';
import { EligibilityService } from './modules/eligibility/eligibility.service.js';
import { IntakeRepository } from './modules/intake/intake.repository.js';
import { intakeRoutes } from './modules/intake/intake.routes.js';
import { IntakeService } from './modules/intake/intake.service.js';
import { PlansRepository } from './modules/plans/plans.repository.js';
import { plansRoutes } from './modules/plans/plans.routes.js';
import { PlanReadsService } from './modules/plans/plan-reads.service.js';
import { PlansService } from './modules/plans/plans.service.js';
import { SignedPlansService } from './modules/plans/signed-plans.service.js';
import { CareSettingsService } from './modules/scheduling/care-settings.service.js';
import { SchedulingRepository } from './modules/scheduling/scheduling.repository.js';
import type { SchedulingPorts } from './modules/scheduling/scheduling-ports.js';
import type { SchedulingDeps } from './modules/scheduling/scheduling-support.js';
import { schedulingRoutes } from './modules/scheduling/scheduling.routes.js';
import { SchedulingService } from './modules/scheduling/scheduling.service.js';
import { BookingChecks } from './modules/scheduling/booking-checks.js';
import { ChairsShiftsService } from './modules/scheduling/chairs-shifts.service.js';
import { ScheduleCalendarService } from './modules/scheduling/scheduling-calendar.service.js';
import { SessionChangesService } from './modules/scheduling/scheduling-changes.service.js';
import { SessionRemindersService } from './modules/scheduling/scheduling-reminders.service.js';
import { TreatmentDayRepository } from './modules/treatment-day/treatment-day.repository.js';
import { treatmentDayRoutes } from './modules/treatment-day/treatment-day.routes.js';
import { TreatmentDayRecords } from './modules/treatment-day/treatment-day-records.js';
import type { TreatmentDayPorts } from './modules/treatment-day/treatment-day-ports.js';
import { LedgerRepository } from './modules/ledger/ledger.repository.js';
import { TreatmentDayService } from './modules/treatment-day/treatment-day.service.js';
import { TreatmentDocumentJournal } from './modules/treatment-day/treatment-document-journal.js';
import { TreatmentNotesService } from './modules/treatment-day/treatment-notes.service.js';
import { TreatmentBillingService } from './modules/treatment-day/treatment-billing.service.js';
import { RemsFormsService } from './modules/treatment-day/rems-forms.service.js';
import { ClinicNotices } from './realtime/clinic-notices.js';
import { ClinicEventHub } from './realtime/clinic-event-hub.js';
import { eventsRoutes } from './realtime/events.routes.js';
import type { AppDeps } from './types.js';
import { fhirModule } from './fhir/fhir.routes.js';
import type { AppointmentsPorts } from './modules/appointments/appointments-ports.js';
import { AppointmentsRepository } from './modules/appointments/appointments.repository.js';
import { appointmentsRoutes } from './modules/appointments/appointments.routes.js';
import { AppointmentsService } from './modules/appointments/appointments.service.js';
import { AppointmentTypesService } from './modules/appointments/appointment-types.service.js';
import { AppointmentCalendarService } from './modules/appointments/appointment-calendar.service.js';
import { RemindersService } from './modules/appointments/reminders.service.js';
import { TherapyNotesRepository } from './modules/therapy-notes/therapy-notes.repository.js';
import { therapyNotesRoutes } from './modules/therapy-notes/therapy-notes.routes.js';
import { TherapyNotesService } from './modules/therapy-notes/therapy-notes.service.js';
import { OutboxRepository } from './modules/outbox/outbox.repository.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { OutboxService } from './modules/outbox/outbox.service.js';
import { PatientMessagesService } from './modules/outbox/patient-messages.service.js';
import { httpSmsTransport, smtpTransport, type Transports } from './modules/outbox/outbox-transports.js';
import { OutboxWorker } from './modules/outbox/outbox.worker.js';
import { FHIR_RESOURCES } from './fhir/fhir-resources.js';
import { ApiTokensRepository } from './modules/api-tokens/api-tokens.repository.js';
import { apiTokensRoutes } from './modules/api-tokens/api-tokens.routes.js';
import { ApiTokensService } from './modules/api-tokens/api-tokens.service.js';
import { BackendClientsRepository } from './modules/backend-clients/backend-clients.repository.js';
import { backendClientsRoutes } from './modules/backend-clients/backend-clients.routes.js';
import { BackendClientsService, bearerAuthenticators } from './modules/backend-clients/backend-clients.service.js';
import { importsModule } from './modules/imports/imports.routes.js';
import { clinicExportModule } from './modules/clinic-export/clinic-export.routes.js';
import { BackupsRepository } from './modules/backups/backups.repository.js';
import { ScheduledBackup, servedDatabaseBackup } from './modules/backups/scheduled-backup.js';
import { WebhookEvents } from './modules/webhooks/webhook-events.js';
import { webhookTransport } from './modules/webhooks/webhook-transport.js';
import { WebhooksRepository } from './modules/webhooks/webhooks.repository.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';

/**
 * Logs carry no patient data: no bodies, no query strings (a search can hold a name), no cookies or tokens
 * (questionnaire link tokens are cut out of the URL). `stream`: where to write (tests capture it).
 */
export function loggerOptions(
  level: AppConfig['logLevel'],
  stream?: AppDeps['logStream'],
): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
      ],
      remove: true,
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: loggableUrl(req.url),
        remoteAddress: req.ip,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** The services, built once per app; exported so the CLI and seeding use the same code paths as the API. */
export function buildServices(deps: AppDeps) {
  const { db } = deps.database;
  const clock = deps.clock;
  const auditRepository = new AuditRepository(db);
  const audit = new AuditService(auditRepository, clock);
  const clinics = new ClinicsRepository(db);
  const transact = transactor(db);
  const usersRepository = new UsersRepository(db);
  // What auth reads and writes in other modules (the account, the clinic), each from the module that owns it.
  const authPorts: AuthPorts = { users: usersRepository, clinics };
  const authRepository = new AuthRepository(db, deps.database.tableWrites);
  const auth = new AuthService(
    authRepository,
    authPorts,
    audit,
    transact,
    clock,
    deps.sleep ? { delay: deps.sleep } : undefined,
  );
  const patientsRepository = new PatientsRepository(db);
  const patients = new PatientsService(patientsRepository, clinics, audit, transact, clock);
  const users = new UsersService(usersRepository, audit, clock, transact, auth);
  // What a committed write tells the clinic: the live channel, and webhooks (issue 15) for a measure stored, an alert
  // raised and a session discharged, each queued in the write's transaction (realtime/clinic-notices.ts).
  const webhooksRepository = new WebhooksRepository(db);
  const webhookEvents = new WebhookEvents(webhooksRepository, new OutboxRepository(db));
  const notices = new ClinicNotices(webhookEvents);
  const alerts = new AlertsService(new AlertsRepository(db), audit, transact, clock, users, notices);
  const measuresRepository = new MeasuresRepository(db);
  const schedulingRepository = new SchedulingRepository(db);
  // What the measures module reads from other modules, each from the module that owns the table.
  const measuresPorts: MeasuresPorts = { scheduling: schedulingRepository };
  const measureRecorder = new MeasureRecorder(measuresRepository, alerts, notices);
  const measuresDeps: MeasuresDeps = {
    measures: measuresRepository,
    patients: patientsRepository,
    clinics,
    audit,
    transact,
    clock,
  };
  const measures = new MeasuresService(measuresDeps, measureRecorder, measuresPorts);
  const measureLinks = new MeasureLinksService(measuresDeps, measureRecorder);
  const outcomes = new OutcomesService(measuresDeps, measuresPorts);
  const safetyPlans = new SafetyPlansService(new SafetyPlansRepository(db), patientsRepository, audit, transact, clock);
  // The treatment day's records, read by the ledger (the administered amount, dosed sessions, phases) and by
  // scheduling (REMS enrolments, check-ins): built on the treatment day's own repository only, so no cycle.
  const treatmentDayRepository = new TreatmentDayRepository(db);
  const treatmentDayRecords = new TreatmentDayRecords(treatmentDayRepository, clinics, clock);
  // What the ledger reads from other modules, each from the module that owns the table (issue 13).
  const ledgerPorts: LedgerPorts = {
    clinics,
    patients: patientsRepository,
    scheduling: schedulingRepository,
    users: usersRepository,
    throttle: authRepository,
  };
  const ledger = createLedgerService({
    db,
    audit,
    transact,
    clock,
    ports: ledgerPorts,
    sleep: deps.sleep,
    sessionRecords: treatmentDayRecords,
    treatmentDay: treatmentDayRecords,
  });
  // Inventories (counts) and their discrepancies, on the ledger's core.
  const ledgerCounts = new LedgerCountsService(ledger.core);
  // Intake, eligibility, consent, plans, dosing and chair scheduling (issue 4).
  const intakeRepository = new IntakeRepository(db);
  const intake = new IntakeService(intakeRepository, patientsRepository, clinics, audit, transact, clock);
  const eligibility = new EligibilityService(
    new EligibilityRepository(db),
    intakeRepository,
    patientsRepository,
    clinics,
    audit,
    transact,
    clock,
    usersRepository,
  );
  const consentRepository = new ConsentRepository(db);
  const consent = new ConsentService(consentRepository, patientsRepository, audit, transact, clock);
  const plansRepository = new PlansRepository(db);
  const planReads = new PlanReadsService(
    plansRepository,
    schedulingRepository,
    patientsRepository,
    clinics,
    audit,
    usersRepository,
  );
  const plans = new PlansService(
    plansRepository,
    planReads,
    eligibility,
    consent,
    intakeRepository,
    patientsRepository,
    clinics,
    audit,
    transact,
    clock,
  );
  const signedPlans = new SignedPlansService(
    plansRepository,
    schedulingRepository,
    clinics,
    planReads,
    audit,
    transact,
    clock,
  );
  // Chair scheduling: one service per concern (booking, changes, reminders, calendar, chairs and shifts).
  // What scheduling reads from other modules (staff, the plans' protocols, consents), each from the module that owns
  // the table.
  const schedulingPorts: SchedulingPorts = {
    users: usersRepository,
    plans: plansRepository,
    consent: consentRepository,
  };
  const schedulingDeps: SchedulingDeps = { scheduling: schedulingRepository, clinics, audit, transact, clock };
  const chairsShifts = new ChairsShiftsService(schedulingDeps, schedulingPorts);
  const bookingChecks = new BookingChecks(schedulingRepository, chairsShifts);
  const sessionReminders = new SessionRemindersService(schedulingDeps, treatmentDayRecords, schedulingPorts);
  const scheduling = new SchedulingService(
    schedulingDeps,
    plansRepository,
    bookingChecks,
    chairsShifts,
    sessionReminders,
  );
  const sessionChanges = new SessionChangesService(schedulingDeps, bookingChecks, sessionReminders, schedulingPorts);
  const scheduleCalendar = new ScheduleCalendarService(
    schedulingRepository,
    clinics,
    audit,
    sessionReminders,
    schedulingPorts,
  );
  const careSettings = new CareSettingsService(clinics, audit, transact, clock);
  const dosing = new DosingService(clinics);
  // What the treatment day reads from other modules, each from the module that owns the table.
  const treatmentDayPorts: TreatmentDayPorts = {
    clinics,
    patients: patientsRepository,
    users: usersRepository,
    intake: intakeRepository,
    consent: consentRepository,
    measures: measuresRepository,
    scheduling: schedulingRepository,
    ledger: new LedgerRepository(db),
  };
  // A prepared dose names a lot the ledger holds (issue 10 item 14).
  const treatmentDay = new TreatmentDayService(
    treatmentDayRepository,
    treatmentDayPorts,
    consent,
    eligibility,
    audit,
    transact,
    clock,
    notices,
    ledger,
  );
  // The session's documents: the note, the billing codes, the SPRAVATO REMS form.
  const documentJournal = new TreatmentDocumentJournal(
    treatmentDay,
    treatmentDayRepository,
    audit,
    transact,
    clock,
    notices,
  );
  const treatmentNotes = new TreatmentNotesService(documentJournal, treatmentDayRepository, usersRepository);
  const treatmentBilling = new TreatmentBillingService(documentJournal, intakeRepository, clock);
  const remsForms = new RemsFormsService(documentJournal, treatmentDayRepository, treatmentDayPorts, audit, clock);
  // The chart at a glance (issue 14): the patient header and the patient's sessions.
  const chart = new ChartService(new ChartRepository(db), audit, clock);
  // Patient self-intake and consent through a single-use link (issue 14).
  const selfIntake = new SelfIntakeService(
    new SelfIntakeRepository(db),
    patientsRepository,
    patients,
    intake,
    consent,
    clinics,
    audit,
    transact,
    clock,
  );
  // Appointments beyond plan sessions, the outbox and reminders (issue 14).
  const outbox = new OutboxRepository(db);
  const appointmentsRepository = new AppointmentsRepository(db);
  // What appointments reads from other modules, each from the module that owns the table (issue 13).
  const appointmentsPorts: AppointmentsPorts = {
    patients: patientsRepository,
    users: usersRepository,
    scheduling: schedulingRepository,
    plans: plansRepository,
  };
  const appointments = new AppointmentsService(
    appointmentsRepository,
    appointmentsPorts,
    outbox,
    clinics,
    audit,
    transact,
    clock,
  );
  const appointmentTypes = new AppointmentTypesService(appointmentsRepository, audit, transact, clock);
  const appointmentCalendar = new AppointmentCalendarService(appointmentsRepository, appointmentsPorts, clinics, audit);
  const reminders = new RemindersService(appointmentsRepository, appointmentsPorts, outbox, audit, transact);
  // Therapy notes: drafts, signature, addenda (issue 14).
  const therapyNotes = new TherapyNotesService(
    new TherapyNotesRepository(db),
    { patients: patientsRepository, appointments: appointmentsRepository },
    audit,
    transact,
    clock,
  );
  // DEA Form 41 / 106 records as PDF, and marking them as sent (issue 14).
  const deaForms = new DeaFormsService(ledger, new DeaFormsRepository(db), audit, transact, clock);
  const apiTokens = new ApiTokensService(
    new ApiTokensRepository(db),
    audit,
    transact,
    clock,
    FHIR_RESOURCES.map((d) => d.type),
    patientsRepository,
  );
  const backendClients = new BackendClientsService(
    new BackendClientsRepository(db),
    audit,
    transact,
    clock,
    FHIR_RESOURCES.map((d) => d.type),
    auth,
  );
  const webhooks = new WebhooksService(webhooksRepository, audit, transact, clock, outbox);
  return {
    webhooks,
    webhooksRepository,
    apiTokens,
    backendClients,
    audit,
    auth,
    clinics,
    patients,
    users,
    alerts,
    measures,
    measureLinks,
    outcomes,
    safetyPlans,
    ledger,
    ledgerCounts,
    intake,
    eligibility,
    consent,
    plans,
    planReads,
    signedPlans,
    scheduling,
    sessionChanges,
    sessionReminders,
    scheduleCalendar,
    chairsShifts,
    careSettings,
    dosing,
    treatmentDay,
    treatmentDayRecords,
    treatmentNotes,
    treatmentBilling,
    remsForms,
    chart,
    selfIntake,
    outbox,
    appointments,
    appointmentTypes,
    appointmentCalendar,
    reminders,
    therapyNotes,
    deaForms,
  };
}
export type Services = ReturnType<typeof buildServices>;

export async function buildApp(config: AppConfig, deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, deps.logStream),
    // Fastify's own request logging writes two info lines per request ("incoming request", "request
    // completed"); on the audited path that was a measurable share of each request (bench/README.md). One line
    // per response instead, at debug; slow answers at warn (5xx are logged by the error handler).
    logController: new LogController({ disableRequestLogging: true }),
    // TRUST_PROXY (config.ts); a number of hops becomes Fastify's function form: trust the nearest N proxies.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1_048_576,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ContractTypeProvider>();
  app.addHook('onResponse', (request, reply, done) => {
    const ms = reply.elapsedTime;
    if (ms >= SLOW_REQUEST_MS && request.routeOptions.config?.longLived !== true)
      request.log.warn({ req: request, res: reply, responseTime: Math.round(ms) }, 'slow request');
    else request.log.debug({ req: request, res: reply, responseTime: Math.round(ms * 10) / 10 }, 'request completed');
    done();
  });
  app.setValidatorCompiler(validatorCompiler());
  // Responses are written as the services return them; the tests check them against the declared schemas.
  app.setSerializerCompiler(responseSerializerCompiler({ check: deps.checkResponses ?? responseCheckingRequested() }));
  app.decorate('config', config);
  app.decorate('deps', deps);

  const services = buildServices(deps);

  // Repeat counts of collapsed reads wait up to a second to be written (AuditService.flushRepeats): write them.
  app.addHook('onClose', async () => services.audit.flushRepeats().catch(() => undefined));
  registerErrorHandler(app);
  registerSecurityHeaders(app, { hsts: config.secureCookies });
  await app.register(cookie);
  registerAccessControl(
    app,
    services.auth,
    services.audit,
    bearerAuthenticators(services.backendClients, services.apiTokens),
  );
  registerInputGuard(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ketaclinic API',
        version: config.version,
        description:
          'Every route declares who may call it. State-changing requests need the x-csrf-token header from sign-in.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kc_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());

  await app.register(healthRoutes({ hasDemoClinic: () => services.clinics.hasDemoClinic() }));
  await app.register(authRoutes(services.auth, { secureCookies: config.secureCookies }));
  await app.register(auditRoutes(services.audit));
  await app.register(usersRoutes(services.users));
  await app.register(patientsRoutes(services.patients));
  await app.register(measuresRoutes(services.measures, services.measureLinks, services.outcomes));
  await app.register(alertsRoutes(services.alerts));
  await app.register(safetyPlansRoutes(services.safetyPlans));
  await app.register(intakeRoutes(services.intake));
  await app.register(eligibilityRoutes(services.eligibility));
  await app.register(consentRoutes(services.consent));
  await app.register(plansRoutes(services.plans, services.planReads, services.signedPlans));
  await app.register(dosingRoutes(services.dosing));
  await app.register(schedulingRoutes(services));
  await app.register(ledgerRoutes(services.ledger, services.ledgerCounts));
  await app.register(deaFormsRoutes(services.deaForms));
  await app.register(
    treatmentDayRoutes(services.treatmentDay, services.treatmentNotes, services.treatmentBilling, services.remsForms),
  );
  await app.register(chartRoutes(services.chart));
  await app.register(selfIntakeRoutes(services.selfIntake));
  await app.register(fhirModule(deps, services, config.version)); // FHIR R4 at /fhir/R4 (issue 15)
  await app.register(
    appointmentsRoutes(services.appointments, services.appointmentTypes, services.appointmentCalendar),
  );
  await app.register(therapyNotesRoutes(services.therapyNotes));
  const delivery = { email: config.messaging.smtpUrl !== undefined, sms: config.messaging.smsUrl !== undefined };
  const patientMessages = new PatientMessagesService(
    services.outbox,
    new PatientsRepository(deps.database.db),
    services.clinics,
    new ConsentRepository(deps.database.db),
    services.measureLinks,
    services.audit,
    transactor(deps.database.db),
    deps.clock,
  );
  await app.register(
    outboxRoutes(
      new OutboxService(services.outbox, services.audit, deps.clock, delivery),
      patientMessages,
      config.messaging.publicUrl,
    ),
  );
  await app.register(apiTokensRoutes(services.apiTokens));
  await app.register(backendClientsRoutes(services.backendClients, config.messaging.publicUrl)); // SMART Backend Services (issue 15)
  await app.register(importsModule(deps, services)); // patients from CSV (issue 15)
  await app.register(clinicExportModule(deps, services)); // the whole clinic as a zip (issue 15)
  await app.register(webhooksRoutes(services.webhooks));

  // The clinic's live channel (issue 5): one LISTEN per app, fanned out to its SSE clients (src/server/realtime).
  const clinicEvents = new ClinicEventHub({ database: deps.database, log: app.log });
  await clinicEvents.start();
  app.addHook('onClose', () => clinicEvents.stop());
  await app.register(
    eventsRoutes(clinicEvents, {
      isSessionLive: async (token) => (await services.auth.authenticate(token, { fresh: true })) !== undefined,
    }),
  );

  if (deps.runBackgroundJobs !== false) {
    startBackgroundJobs(app, services);
    await startOutboxWorker(app, services, config, deps);
    startScheduledBackup(app, config, deps);
  }
  if (deps.database.kind === 'postgres') await warnIfServingRoleCanDisableAuditTriggers(app, services);

  registerWebApp(app, config.webDir);
  return app;
}

/**
 * Periodic work that must happen even when nobody is looking: escalating unacknowledged suicide-risk alerts.
 * Every server process runs it; the work itself is safe to run concurrently (see AlertsService.escalateDue).
 */
function startBackgroundJobs(app: App, services: Services): void {
  const timer = setInterval(() => {
    services.alerts
      .escalateDue()
      .catch((error: unknown) => app.log.error({ err: { type: (error as Error)?.name } }, 'alert escalation failed'));
  }, 30_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  // The audit sealer (docs/adr/0005-audit-log-v2.md): every instance tries each second; the one that wins the
  // database's advisory lock chains the committed events, the others skip their turn.
  everyInterval(app, AUDIT_SEAL_INTERVAL_MS, () => services.audit.seal(), 'audit sealing failed');
}

/**
 * Runs `turn` every `intervalMs`, one turn at a time (a tick while a turn runs is skipped), and logs a failed turn
 * (the error's type, and its message when `logMessage`). On close the timer stops, and a turn in progress finishes
 * before the database closes.
 */
function everyInterval(
  app: App,
  intervalMs: number,
  turn: () => Promise<unknown>,
  failure: string,
  { logMessage = false } = {},
): void {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= turn()
      .catch((error: unknown) =>
        app.log.error(
          {
            err: {
              type: (error as Error)?.name,
              ...(logMessage ? { message: (error as Error)?.message } : {}),
            },
          },
          failure,
        ),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}

/**
 * The outbox worker (issue 14): queues due reminders and sends queued mail and text messages on the channels that
 * have settings; without SMTP_URL / SMS_URL those messages wait in the outbox, where the admin sees them.
 */
async function startOutboxWorker(app: App, services: Services, config: AppConfig, deps: AppDeps): Promise<void> {
  const { smtpUrl, smtpFrom, smsUrl, smsToken, outboxIntervalMs } = config.messaging;
  const transports: Transports = {
    ...(smtpUrl ? { email: smtpTransport(smtpUrl, smtpFrom) } : {}),
    ...(smsUrl ? { sms: httpSmsTransport(smsUrl, smsToken) } : {}),
  };
  const worker = new OutboxWorker(services.outbox, transports, deps.clock, {
    intervalMs: outboxIntervalMs,
    log: app.log,
    beforeSending: (now) => services.reminders.queueDue(now),
  });
  await worker.start();
  // Webhook deliveries have a worker of their own, so a slow receiver does not hold up mail and text messages.
  const webhookWorker = new OutboxWorker(
    services.outbox,
    { webhook: webhookTransport(services.webhooksRepository, deps.clock) },
    deps.clock,
    {
      intervalMs: outboxIntervalMs,
      log: app.log,
    },
  );
  await webhookWorker.start();
  app.addHook('onClose', async () => {
    await worker.stop();
    await webhookWorker.stop();
    transports.email?.close?.();
  });
}

/**
 * The daily backup (BACKUP_DIR; modules/backups/scheduled-backup.ts): every instance looks each minute; the
 * advisory lock and the dated file name make sure one backup is written a day.
 */
function startScheduledBackup(app: App, config: AppConfig, deps: AppDeps): void {
  if (!config.backup) return;
  const scheduled = new ScheduledBackup(
    config.backup,
    new BackupsRepository(deps.database.db),
    servedDatabaseBackup(deps.database, config.databaseUrl),
    deps.clock,
    app.log,
  );
  everyInterval(app, BACKUP_CHECK_INTERVAL_MS, () => scheduled.turn(), 'daily backup failed', { logMessage: true });
}

const BACKUP_CHECK_INTERVAL_MS = 60_000;
const AUDIT_SEAL_INTERVAL_MS = 1_000;

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
/** Requests slower than this are logged at warn (method, path without query, status, time: no patient data). */
const SLOW_REQUEST_MS = 1_000;

/**
 * A role that owns audit_event (or is a superuser) can switch its append-only triggers off. Production should run
 * migrations as the owner and serve as a role that cannot (docs/operations.md); say so at start when it does not.
 */
async function warnIfServingRoleCanDisableAuditTriggers(app: App, services: Services): Promise<void> {
  const check = await services.audit.servingRole();
  if (check.owns || check.superuser) {
    app.log.warn(
      { role: check.role, ownsAuditTable: check.owns, superuser: check.superuser },
      "the serving database role can disable the audit log's append-only triggers: serve as a role that does not own audit_event (docs/operations.md)",
    );
  }
}

/** Serves the built web app; any other GET outside /api answers index.html so client-side routes work. */
function registerWebApp(app: App, webDir: string): void {
  const indexFile = path.join(webDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.type('text/plain').send('The web app is not built. Run `npm run build:web` (npm start does it for you).'),
    );
    return;
  }
  void app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) return sendNoRoute(request, reply);
    return reply.sendFile('index.html');
  });
}
