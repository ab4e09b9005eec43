import { AppShell, Badge, Burger, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { LoadingState } from '../components/QueryStates';
import { SignOutButton } from '../features/auth/SignOutButton';
import { useViewer } from '../features/auth/viewer-context';
import { paths } from './paths';

const NAVIGATION = [
  { to: paths.webhooks, label: 'Incoming webhooks' },
  { to: paths.customers, label: 'Customers' },
];

/** The signed-in frame: header with the account and Sign out, navigation, and the current screen. */
export function AppLayout() {
  const viewer = useViewer();
  const { pathname } = useLocation();
  const [navigationOpened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navigationOpened } }}
      padding="md"
    >
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
        <Stack gap={2}>
          {NAVIGATION.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
