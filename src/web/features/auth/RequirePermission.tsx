import type { ReactNode } from 'react';
import type { Permission } from '../../api/types';
import { NoAccess } from '../../components/NoAccess';
import { usePermissions } from './session';

/** Renders the page only when the user's role holds the permission; otherwise says plainly that it is not theirs. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = usePermissions();
  return can(permission) ? <>{children}</> : <NoAccess />;
}
