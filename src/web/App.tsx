import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { DemoBanner } from './components/DemoBanner';
import { NoAccess } from './components/NoAccess';
import { usePermissions } from './features/auth/session';
import { RequirePermission } from './features/auth/RequirePermission';
import { RequireSession } from './features/auth/RequireSession';
import { SignInPage } from './features/auth/SignInPage';
import { PatientQuestionnairePage } from './features/measures/PatientQuestionnairePage';
import { ClinicShell } from './features/shell/ClinicShell';
import { NotFoundPage } from './features/shell/NotFoundPage';
import { appRoutes, navItems } from './routes';
import { SelfIntakePage } from './features/self-intake/SelfIntakePage';

/** `/` opens the first page in the navigation that the user's role may see. */
function StartPage() {
  const can = usePermissions();
  const first = navItems.find((item) => !item.permission || can(item.permission));
  return first ? <Navigate to={first.to} replace /> : <NoAccess />;
}

const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  // The patient's single-use questionnaire link: no account, outside the signed-in shell.
  { path: '/q/:token', element: <PatientQuestionnairePage /> },
  // The patient's single-use self-intake and consent link (issue 14), also outside the shell.
  { path: '/i/:token', element: <SelfIntakePage /> },
  {
    element: (
      <RequireSession>
        <ClinicShell navItems={navItems} />
      </RequireSession>
    ),
    children: [
      { index: true, element: <StartPage /> },
      ...appRoutes.map((route) => ({
        path: route.path,
        element: route.permission ? (
          <RequirePermission permission={route.permission}>{route.element}</RequirePermission>
        ) : (
          route.element
        ),
      })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

export function App({ router }: { router: ReturnType<typeof createAppRouter> }) {
  return (
    <>
      <DemoBanner />
      <RouterProvider router={router} />
    </>
  );
}
