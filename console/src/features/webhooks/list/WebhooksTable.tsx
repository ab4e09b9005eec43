import { Anchor, Badge, Box, Button, Center, Group, Stack, Table, Text } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { OutcomeBadge, StatusBadge, StatusCodeBadge, UnverifiedBadge } from '../../../components/Badges';
import { ArchivedUrl, CopyableUrl } from '../../../components/CopyableUrl';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import type { WebhookListItemFragment, WebhookStatus } from '../../../gql/graphql';
import { formatDateTime } from '../../../lib/format';
import { useCursor } from '../../../lib/use-cursor';
import { useEventDefinitions } from '../event-definitions';
import { formatCount, formatErrorRate, volumeFigures } from '../stats/stats-model';
import { paths } from '../../../app/paths';
import { firstPageVariables, WebhooksQuery } from './webhooks-list-query';

/** Its own chunk with the chart library: the list shows at once, the sparklines follow. */
const VolumeSparkline = lazy(() => import('../stats/VolumeSparkline'));
/** Mirrors VolumeSparkline's SPARKLINE_SIZE, which cannot be imported without loading that chunk. */
const SPARKLINE_PLACEHOLDER = { w: 96, h: 28 } as const;

interface WebhooksTableProps {
  status?: WebhookStatus;
  search?: string;
  canCreate: boolean;
}

export function WebhooksTable({ status, search, canCreate }: WebhooksTableProps) {
  const [after, loadAfter] = useCursor(`${status}|${search}`);
  // The last 24 hours by hour, fixed while the list is shown; within the hour a return to the list asks the same
  // question, so the cached list shows at once.
  const [openedAt] = useState(() => new Date());
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhooksQuery,
    // The first page's variables are exactly those the console's entry prefetches (webhooks-list-query.ts).
    variables: { ...firstPageVariables(openedAt, { status, search }), after },
    // "Last request" changes with traffic: show the cached list at once, then the latest.
    requestPolicy: 'cache-and-network',
  });
  const { definitions } = useEventDefinitions();
  const actionLabel = (action: string) =>
    definitions?.find((definition) => definition.name === action)?.label ?? action;

  const connection = data?.webhooks;
  if (!connection) {
    if (error)
      return (
        <ErrorState
          error={error}
          title="Could not load the webhooks"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      );
    return <LoadingState label="Loading webhooks" />;
  }
  if (connection.nodes.length === 0) {
    return <EmptyList status={status} search={search} canCreate={canCreate} />;
  }

  return (
    <Stack gap="sm">
      {/* A plain scrolling box, not Table.ScrollContainer: that brings Mantine's ScrollArea into the list's chunks. */}
      <Box style={{ overflowX: 'auto' }}>
        <Table miw={1040} highlightOnHover verticalSpacing="sm" aria-label="Webhooks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last 24 h</Table.Th>
              <Table.Th>Last request</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.nodes.map((webhook) => (
              <WebhookRow key={webhook.id} webhook={webhook} actionLabel={actionLabel(webhook.action)} />
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      {error && <ErrorState error={error} title="Could not load more webhooks" />}
      {connection.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={fetching} onClick={() => loadAfter(connection.pageInfo.endCursor)}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

function WebhookRow({ webhook, actionLabel }: { webhook: WebhookListItemFragment; actionLabel: string }) {
  const last = webhook.lastRequest;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={paths.webhook(webhook.id)} fw={500}>
          {webhook.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Badge variant="outline" color="gray">
          {webhook.method}
        </Badge>
      </Table.Td>
      <Table.Td maw={380}>
        {webhook.status === 'ARCHIVED' ? (
          <ArchivedUrl url={webhook.url} compact />
        ) : (
          <CopyableUrl url={webhook.url} label={`Copy URL of ${webhook.name}`} />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{actionLabel}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <StatusBadge status={webhook.status} />
          {/* An archived webhook takes no requests: being unverified no longer matters. */}
          {webhook.verification.scheme === 'NONE' && webhook.status !== 'ARCHIVED' && <UnverifiedBadge />}
        </Group>
      </Table.Td>
      <Table.Td>
        <Last24Hours stats={webhook.stats} />
      </Table.Td>
      <Table.Td>
        {last ? (
          <Stack gap={2}>
            <Anchor component={Link} to={paths.webhookLog(webhook.id, last.id)} size="sm">
              {formatDateTime(last.receivedAt)}
            </Anchor>
            <Group gap={4}>
              <StatusCodeBadge statusCode={last.statusCode} size="sm" />
              <OutcomeBadge outcome={last.outcome} size="sm" />
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Never called
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Requests per hour as a sparkline, with the total and the error rate in words. */
function Last24Hours({ stats }: { stats: WebhookListItemFragment['stats'] }) {
  const { totals, total, errorRate } = volumeFigures(stats);
  if (total === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="volume-24h">
        No requests
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Suspense fallback={<Box {...SPARKLINE_PLACEHOLDER} />}>
        <VolumeSparkline totals={totals} />
      </Suspense>
      <Stack gap={0} data-testid="volume-24h">
        <Text size="sm">
          {formatCount(total)} {total === 1 ? 'request' : 'requests'}
        </Text>
        <Text size="xs" c={errorRate ? undefined : 'dimmed'}>
          {formatErrorRate(errorRate)} errors
        </Text>
      </Stack>
    </Group>
  );
}

function EmptyList({ status, search, canCreate }: { status?: WebhookStatus; search?: string; canCreate: boolean }) {
  if (search)
    return <EmptyView title="No webhook matches" description={`Nothing named or at an endpoint like "${search}".`} />;
  if (status === 'ARCHIVED') return <EmptyView title="No archived webhooks" />;
  if (status) return <EmptyView title={`No ${status.toLowerCase()} webhooks`} />;
  return (
    <EmptyView
      title="No webhooks yet"
      description="A webhook turns requests from another system into loyalty events."
      actions={
        canCreate && (
          <Button component={Link} to={paths.newWebhook}>
            Create webhook
          </Button>
        )
      }
    />
  );
}
