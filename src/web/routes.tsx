/**
 * Every page of the signed-in app, in one table. A route names the permission it needs (the page shows
 * "You do not have access" to other roles; the server refuses their API calls too) and, optionally, its entry
 * in the navigation. Adding a feature page is adding one entry here: see README.md.
 */
import type { ReactNode } from 'react';
import type { Permission } from './api/types';
import { AuditLogPage } from './features/admin/AuditLogPage';
import { ClinicSettingsPage } from './features/admin/ClinicSettingsPage';
import { OutboxPage } from './features/admin/OutboxPage';
import { UsersPage } from './features/admin/UsersPage';
import { ApiTokensPage } from './features/admin/ApiTokensPage';
import { DataTransferPage } from './features/admin/DataTransferPage';
import { WebhooksPage } from './features/admin/WebhooksPage';
import { ChangePasswordPage } from './features/auth/ChangePasswordForm';
import { CountStockPage } from './features/ledger/CountStockPage';
import { DestructionPage } from './features/ledger/DestructionPage';
import { DiscrepanciesPage } from './features/ledger/DiscrepanciesPage';
import { ProductsAndSafesPage } from './features/ledger/ProductsAndSafesPage';
import { InventoryPage } from './features/ledger/InventoryPage';
import { LossReportsPage } from './features/ledger/LossReportsPage';
import { LedgerEntriesPage } from './features/ledger/LedgerEntriesPage';
import { LedgerOverviewPage } from './features/ledger/LedgerOverviewPage';
import { LedgerReportsPage } from './features/ledger/LedgerReportsPage';
import { LedgerSessionsPage } from './features/ledger/LedgerSessionsPage';
import { MoveStockPage } from './features/ledger/MoveStockPage';
import { ReceiveStockPage } from './features/ledger/ReceiveStockPage';
import { SessionDosePage } from './features/ledger/SessionDosePage';
import { OutcomesPage } from './features/measures/OutcomesPage';
import { PatientCreatePage } from './features/patients/PatientCreatePage';
import { PatientDetailPage } from './features/patients/PatientDetailPage';
import { PatientListPage } from './features/patients/PatientListPage';
import { SchedulePage } from './features/schedule/SchedulePage';
import { ScheduleDayPage } from './features/schedule/ScheduleDayPage';
import { BoardPage } from './features/board/BoardPage';
import { TreatmentSessionPage } from './features/treatment-day/TreatmentSessionPage';
import { RemsFormPage } from './features/rems/RemsFormPage';
import { RemsPage } from './features/rems/RemsPage';
import { SessionBillingPage } from './features/rems/SessionBillingPage';
import type { NavItem } from './features/shell/navigation';

export interface AppRoute {
  /** A React Router path, absolute. */
  readonly path: string;
  readonly element: ReactNode;
  readonly permission?: Permission;
  /** Shown in the navigation (to roles holding `permission`). */
  readonly nav?: Pick<NavItem, 'label' | 'section'>;
}

export const appRoutes: readonly AppRoute[] = [
  {
    path: '/patients',
    element: <PatientListPage />,
    permission: 'patient:read',
    nav: { label: 'Patients', section: 'Clinic' },
  },
  { path: '/patients/new', element: <PatientCreatePage />, permission: 'patient:write' },
  { path: '/patients/:id', element: <PatientDetailPage />, permission: 'patient:read' },
  {
    path: '/outcomes',
    element: <OutcomesPage />,
    permission: 'measure:read',
    nav: { label: 'Outcomes', section: 'Clinic' },
  },
  {
    path: '/schedule',
    element: <SchedulePage />,
    permission: 'schedule:read',
    nav: { label: 'Schedule', section: 'Clinic' },
  },
  // One day: chairs as columns, each session's reminders with what is missing and "Confirm" (schedule:write).
  { path: '/schedule/day', element: <ScheduleDayPage />, permission: 'schedule:read' },
  // The board's snapshot and its live channel need board:read (every role); a chair's session screen needs session:read.
  {
    path: '/board',
    element: <BoardPage />,
    permission: 'board:read',
    nav: { label: 'Clinic board', section: 'Clinic' },
  },
  // One session's treatment day: check-in, dose, monitoring, PK curve, discharge, note (writes need session:write).
  { path: '/sessions/:id/treatment', element: <TreatmentSessionPage />, permission: 'session:read' },
  // SPRAVATO REMS forms and enrolment (GET /api/rems/sessions needs rems:manage); a session's superbill (session:read).
  {
    path: '/rems',
    element: <RemsPage />,
    permission: 'rems:manage',
    nav: { label: 'SPRAVATO REMS', section: 'Clinic' },
  },
  { path: '/rems/:sessionId', element: <RemsFormPage />, permission: 'rems:manage' },
  { path: '/sessions/:id/billing', element: <SessionBillingPage />, permission: 'session:read' },
  {
    path: '/ledger/overview',
    element: <LedgerOverviewPage />,
    permission: 'ledger:read',
    nav: { label: 'Stock overview', section: 'Controlled substances' },
  },
  {
    path: '/ledger/sessions',
    element: <LedgerSessionsPage />,
    permission: 'ledger:read',
    nav: { label: 'Session doses', section: 'Controlled substances' },
  },
  { path: '/ledger/sessions/:sessionId', element: <SessionDosePage />, permission: 'ledger:read' },
  {
    path: '/ledger/receive',
    element: <ReceiveStockPage />,
    permission: 'ledger:write',
    nav: { label: 'Receive stock', section: 'Controlled substances' },
  },
  {
    path: '/ledger/count',
    element: <CountStockPage />,
    permission: 'ledger:write',
    nav: { label: 'Count stock', section: 'Controlled substances' },
  },
  {
    path: '/ledger/movements',
    element: <MoveStockPage />,
    permission: 'ledger:write',
    nav: { label: 'Move or return stock', section: 'Controlled substances' },
  },
  {
    path: '/ledger/entries',
    element: <LedgerEntriesPage />,
    permission: 'ledger:read',
    nav: { label: 'Ledger entries', section: 'Controlled substances' },
  },
  {
    path: '/ledger/discrepancies',
    element: <DiscrepanciesPage />,
    permission: 'ledger:read',
    nav: { label: 'Discrepancies', section: 'Controlled substances' },
  },
  {
    path: '/ledger/reports',
    element: <LedgerReportsPage />,
    permission: 'ledger:read',
    nav: { label: 'Ledger reports', section: 'Controlled substances' },
  },
  // Admin only, as the API: destruction with two witnesses (DEA Form 41).
  {
    path: '/ledger/destructions',
    element: <DestructionPage />,
    permission: 'ledger:admin',
    nav: { label: 'Destroy stock', section: 'Controlled substances' },
  },
  // Loss/theft reports (DEA Form 106) and their deadlines: anyone on the ledger reads them, admins file them.
  {
    path: '/ledger/loss-reports',
    element: <LossReportsPage />,
    permission: 'ledger:read',
    nav: { label: 'Loss and theft reports', section: 'Controlled substances' },
  },
  // Initial or biennial inventory (admin, as the API); its status is on the overview.
  {
    path: '/ledger/inventory',
    element: <InventoryPage />,
    permission: 'ledger:admin',
    nav: { label: 'Inventory', section: 'Controlled substances' },
  },
  // The catalogue and the safes with who may open each: everyone on the ledger reads them, admins change them.
  {
    path: '/ledger/setup',
    element: <ProductsAndSafesPage />,
    permission: 'ledger:read',
    nav: { label: 'Products and safes', section: 'Controlled substances' },
  },
  {
    path: '/admin/users',
    element: <UsersPage />,
    permission: 'user:manage',
    nav: { label: 'Staff accounts', section: 'Administration' },
  },
  {
    path: '/admin/audit',
    element: <AuditLogPage />,
    permission: 'audit:read',
    nav: { label: 'Audit log', section: 'Administration' },
  },
  {
    path: '/admin/outbox',
    element: <OutboxPage />,
    permission: 'outbox:read',
    nav: { label: 'Outbox', section: 'Administration' },
  },
  {
    path: '/admin/api-tokens',
    element: <ApiTokensPage />,
    permission: 'api-token:manage',
    nav: { label: 'API tokens', section: 'Administration' },
  },
  {
    path: '/admin/import-export',
    element: <DataTransferPage />,
    permission: 'data:import',
    nav: { label: 'Import and export', section: 'Administration' },
  },
  {
    path: '/admin/webhooks',
    element: <WebhooksPage />,
    permission: 'webhook:manage',
    nav: { label: 'Webhooks', section: 'Administration' },
  },
  // The clinic's locale, 12- or 24-hour clock and time zone (PUT /api/clinic/care-settings needs clinic:manage).
  {
    path: '/admin/clinic-settings',
    element: <ClinicSettingsPage />,
    permission: 'clinic:manage',
    nav: { label: 'Clinic settings', section: 'Administration' },
  },
  // Every signed-in user: their own password (linked from the header).
  { path: '/account/password', element: <ChangePasswordPage /> },
];

export const navItems: readonly NavItem[] = appRoutes.flatMap((route) =>
  route.nav ? [{ ...route.nav, to: route.path, ...(route.permission ? { permission: route.permission } : {}) }] : [],
);
