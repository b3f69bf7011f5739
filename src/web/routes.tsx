/**
 * Every page of the signed-in app, in one table. A route names the permission it needs (the page shows
 * "You do not have access" to other roles; the server refuses their API calls too) and, optionally, its entry
 * in the navigation. Adding a feature page is adding one entry here: see README.md.
 */
import type { ReactNode } from 'react';
import type { Permission } from './api/types';
import { AuditLogPage } from './features/admin/AuditLogPage';
import { UsersPage } from './features/admin/UsersPage';
import { PatientCreatePage } from './features/patients/PatientCreatePage';
import { PatientDetailPage } from './features/patients/PatientDetailPage';
import { PatientListPage } from './features/patients/PatientListPage';
import { SchedulePage } from './features/schedule/SchedulePage';
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
  { path: '/patients', element: <PatientListPage />, permission: 'patient:read', nav: { label: 'Patients', section: 'Clinic' } },
  { path: '/patients/new', element: <PatientCreatePage />, permission: 'patient:write' },
  { path: '/patients/:id', element: <PatientDetailPage />, permission: 'patient:read' },
  { path: '/schedule', element: <SchedulePage />, permission: 'schedule:read', nav: { label: 'Schedule', section: 'Clinic' } },
  { path: '/admin/users', element: <UsersPage />, permission: 'user:manage', nav: { label: 'Staff accounts', section: 'Administration' } },
  { path: '/admin/audit', element: <AuditLogPage />, permission: 'audit:read', nav: { label: 'Audit log', section: 'Administration' } },
];

export const navItems: readonly NavItem[] = appRoutes.flatMap((route) =>
  route.nav ? [{ ...route.nav, to: route.path, ...(route.permission ? { permission: route.permission } : {}) }] : []);
