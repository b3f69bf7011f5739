/**
 * The navigation is data: each feature's route (src/web/routes.tsx) may carry a `nav` entry, and the shell
 * shows the entries whose permission the signed-in role holds, grouped by section, in this order.
 */
import type { Permission } from '../../api/types';

export const NAV_SECTIONS = ['Clinic', 'Controlled substances', 'Administration'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

export interface NavItem {
  readonly label: string;
  readonly to: string;
  readonly section: NavSection;
  /** Hidden from roles without it (the page refuses them too). */
  readonly permission?: Permission;
}

export interface NavGroup {
  readonly section: NavSection;
  readonly items: readonly NavItem[];
}

/** The entries a user may open, grouped by section; empty sections are left out. */
export function visibleNavigation(items: readonly NavItem[], can: (permission: Permission) => boolean): NavGroup[] {
  return NAV_SECTIONS.map((section) => ({
    section,
    items: items.filter((item) => item.section === section && (!item.permission || can(item.permission))),
  })).filter((group) => group.items.length > 0);
}

/** Whether a nav entry is the current page or an ancestor of it (/patients is current on /patients/123). */
export function isCurrent(item: NavItem, pathname: string): boolean {
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}
