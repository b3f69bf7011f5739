import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ROLE_LABELS, type StaffRole } from '../../api/types';
import { AlertBanner } from '../alerts/AlertBanner';
import { useSignOut } from '../auth/auth.api';
import { usePermissions, useSession } from '../auth/session';
import { isCurrent, visibleNavigation, type NavItem } from './navigation';

/**
 * The signed-in frame: a header (clinic, user, sign-out), the navigation for the user's role, and the page in
 * <main>. On a phone the navigation folds behind a menu button.
 */
export function ClinicShell({ navItems }: { navItems: readonly NavItem[] }) {
  const session = useSession();
  const can = usePermissions();
  const signOut = useSignOut();
  const location = useLocation();
  const [isNavOpen, nav] = useDisclosure(false);
  const groups = visibleNavigation(navItems, can);
  useFocusHeadingOnNavigation(location.pathname, nav.close);

  return (
    <>
      <a href="#main-content" className="kc-skip-link">
        Skip to main content
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header px={{ base: 'sm', sm: 'md' }}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" miw={0}>
              <Burger
                opened={isNavOpen}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'}
                aria-expanded={isNavOpen}
                aria-controls="main-navigation"
              />
              <Text fw={700} size="lg" truncate="end" c="clinic.8">
                {session.clinic.name}
              </Text>
              {session.clinic.isDemo ? (
                <Badge variant="outline" color="clinic" visibleFrom="xs">
                  Demo
                </Badge>
              ) : null}
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Stack gap={0} align="flex-end" visibleFrom="sm">
                <SignedInUser user={session.user} />
              </Stack>
              <Button component={Link} to="/account/password" variant="subtle" size="sm" visibleFrom="xs">
                Change password
              </Button>
              <Button variant="default" size="sm" onClick={() => signOut.mutate()} loading={signOut.isPending}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        {/* The admin's list is taller than a laptop screen: the navigation scrolls on its own, so its last links stay reachable (above the demo banner). */}
        <AppShell.Navbar
          id="main-navigation"
          aria-label="Main navigation"
          p="sm"
          style={{ overflowY: 'auto', paddingBottom: 48 }}
        >
          <Stack gap={4} hiddenFrom="sm" mb="sm" px="xs">
            <SignedInUser user={session.user} />
          </Stack>
          {groups.map((group) => (
            <section key={group.section} aria-labelledby={`nav-${group.section}`}>
              <Text id={`nav-${group.section}`} size="xs" fw={700} tt="uppercase" c="dimmed" px="xs" mt="sm" mb={4}>
                {group.section}
              </Text>
              <ul className="kc-nav-list">
                {group.items.map((item) => {
                  const active = isCurrent(item, location.pathname);
                  return (
                    <li key={item.to}>
                      <NavLink
                        component={Link}
                        to={item.to}
                        label={item.label}
                        active={active}
                        aria-current={active ? 'page' : undefined}
                        onClick={nav.close}
                      />
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </AppShell.Navbar>

        <AppShell.Main id="main-content" tabIndex={-1}>
          <AlertBanner />
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}

/**
 * After a client-side navigation, move focus to the new page's <h1>, as a full page load would put a screen
 * reader at the top of the new page; and fold the phone navigation away.
 */
function useFocusHeadingOnNavigation(pathname: string, closeNav: () => void): void {
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    closeNav();
    const frame = requestAnimationFrame(() => {
      document.querySelector<HTMLElement>('[data-page-heading]')?.focus({ preventScroll: false });
    });
    return () => cancelAnimationFrame(frame);
  }, [pathname, closeNav]);
}

/** Who is signed in: the name, and the role under it (in the header on a wide screen, atop the navigation on a phone). */
function SignedInUser({ user }: { user: { readonly displayName: string; readonly role: StaffRole } }) {
  return (
    <>
      <Text size="sm" fw={600}>
        {user.displayName}
      </Text>
      <Text size="xs" c="dimmed">
        {ROLE_LABELS[user.role]}
      </Text>
    </>
  );
}
