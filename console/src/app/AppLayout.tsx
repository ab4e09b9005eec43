import { AppShell, Badge, Burger, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, type MouseEvent } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { LoadingState } from '../components/QueryStates';
import { SignOutButton } from '../features/auth/SignOutButton';
import { useViewer } from '../features/auth/viewer-context';
import classes from './app.module.css';
import { useRouteTitle } from './document-title';
import { paths } from './paths';

interface NavigationItem {
  to: string;
  label: string;
}

const NAVIGATION: NavigationItem[] = [
  { to: paths.webhooks, label: 'Incoming webhooks' },
  { to: paths.logs, label: 'Logs' },
  { to: paths.customers, label: 'Customers' },
];

/** The account's API keys and users: admins only (READERs neither see nor reach them). */
const ACCOUNT_NAVIGATION: NavigationItem[] = [
  { to: paths.apiKeys, label: 'API keys' },
  { to: paths.users, label: 'Users' },
];

const MAIN_ID = 'main-content';

/** Moves the focus to the screen itself, past the header and navigation, without touching the URL's hash. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.getElementById(MAIN_ID);
  main?.focus();
  main?.scrollIntoView();
}

/** The signed-in frame: header with the account and Sign out, navigation, and the current screen. */
export function AppLayout() {
  const viewer = useViewer();
  const { pathname } = useLocation();
  const [navigationOpened, { toggle, close }] = useDisclosure(false);
  useRouteTitle();
  const navigation = (items: NavigationItem[]) =>
    items.map((item) => (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
        active={pathname.startsWith(item.to)}
        aria-current={pathname.startsWith(item.to) ? 'page' : undefined}
        onClick={close}
      />
    ));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navigationOpened } }}
      padding="md"
    >
      <a href={`#${MAIN_ID}`} className={classes.skipLink} onClick={skipToMain}>
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navigationOpened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={2} size="h4">
              Intake
            </Title>
            <Text c="dimmed" size="sm" visibleFrom="xs">
              {viewer.account.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {viewer.role === 'READER' && (
              <Badge color="gray" variant="light">
                Read only
              </Badge>
            )}
            <Text size="sm" visibleFrom="sm">
              {viewer.user?.email}
            </Text>
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <Stack gap={2}>{navigation(NAVIGATION)}</Stack>
        {viewer.role === 'ADMIN' && (
          <Stack gap={2} mt="lg" role="group" aria-labelledby="navigation-account">
            <Text id="navigation-account" size="xs" fw={600} c="dimmed" tt="uppercase" px="sm">
              Account
            </Text>
            {navigation(ACCOUNT_NAVIGATION)}
          </Stack>
        )}
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_ID} tabIndex={-1} style={{ outline: 'none' }}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
