import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../app/paths';
import { useViewer } from './viewer-context';

/**
 * Screens that change things (a new webhook, API keys, users) are for admins. A READER who follows a link to one
 * is told why there is nothing to do here instead of meeting a form the server would refuse.
 */
export function AdminOnly({ children, what }: { children: ReactNode; what: string }) {
  const { role } = useViewer();
  if (role === 'ADMIN') return children;
  return (
    <Stack gap="sm" maw={560}>
      <Title order={1} size="h2">
        Read only
      </Title>
      <Text>
        Your role is read only: {what} needs an admin of this account. You can look at the webhooks, their logs and the
        customers.
      </Text>
      <Anchor component={Link} to={paths.webhooks}>
        Back to the webhooks
      </Anchor>
    </Stack>
  );
}
