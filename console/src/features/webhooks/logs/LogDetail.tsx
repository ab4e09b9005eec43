import { Alert, Anchor, Badge, Code, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { OutcomeBadge, StatusCodeBadge } from '../../../components/Badges';
import { JsonBlock } from '../../../components/JsonBlock';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { RequestLogDetailQuery } from '../../../gql/graphql';
import { paths } from '../../../app/paths';
import { FilterTraceView } from '../../../components/FilterTrace/FilterTraceView';
import { CopyAsCurl } from '../../logs/CopyAsCurl';
import { useViewer } from '../../auth/viewer-context';
import { ReplayButton } from '../../replay/ReplayButton';
import { formatLogDuration, formatLogTime } from '../../logs/log-format';

const RequestLogDetailQueryDocument = graphql(`
  query RequestLogDetail($id: ID!) {
    requestLog(id: $id) {
      id
      receivedAt
      method
      path
      query
      statusCode
      durationMs
      outcome
      error
      errorCode
      requestHeaders
      requestBody
      bodyTruncated
      responseBody
      responseHeaders
      idempotencyKey
      customerId
      filterTrace {
        ...FilterTraceFields
      }
      duplicateOf {
        id
        receivedAt
        statusCode
      }
      replayOf {
        id
        receivedAt
        outcome
      }
      replayedBy
      webhook {
        id
        name
        url
      }
      event {
        id
        action
        customerId
        createdAt
      }
      events {
        id
        action
        customerId
        data
      }
    }
  }
`);

type RequestLog = NonNullable<RequestLogDetailQuery['requestLog']>;

/** One request in full: what was received, what was answered, and the event(s) it registered (one per item when split). */
export default function LogDetail() {
  const { webhookId, logId = '' } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RequestLogDetailQueryDocument,
    variables: { id: logId },
  });
  // Opened from the account's Logs page (or a link): back to it; from a webhook's Logs tab: back there.
  const backPath = webhookId ? paths.webhookLogs(webhookId) : paths.logs;
  const log = data?.requestLog;

  return (
    <Stack gap="md">
      {backPath && (
        <Anchor component={Link} to={backPath} size="sm">
          ← All logs
        </Anchor>
      )}
      {!log && error && (
        <ErrorState
          error={error}
          title="Could not load the request"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {!log && !error && (fetching || !data) && <LoadingState label="Loading request" />}
      {data && data.requestLog === null && <EmptyView title="Request not found" />}
      {log && <LogDetailView log={log} webhookId={webhookId} />}
    </Stack>
  );
}

function LogDetailView({ log, webhookId }: { log: RequestLog; webhookId?: string }) {
  const showWebhook = !webhookId;
  const { role } = useViewer();
  const logPath = (id: string) => (webhookId ? paths.webhookLog(webhookId, id) : paths.requestLog(id));
  const requestLine = `${log.method} ${log.path}${log.query ? `?${log.query}` : ''}`;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2} size="h4" ff="monospace">
          {requestLine}
        </Title>
        <Group gap="xs">
          <StatusCodeBadge statusCode={log.statusCode} />
          <OutcomeBadge outcome={log.outcome} />
          {log.errorCode && (
            <Badge variant="outline" color="gray" ff="monospace">
              {log.errorCode}
            </Badge>
          )}
          <Text size="sm" c="dimmed">
            {formatLogTime(log.receivedAt)} · processed in {formatLogDuration(log.durationMs)}
          </Text>
        </Group>
        {log.idempotencyKey !== null && log.idempotencyKey !== undefined && (
          <Text size="sm">
            Delivery id: <Code>{log.idempotencyKey}</Code>
          </Text>
        )}
        <Text size="sm">
          Customer:{' '}
          {log.customerId ? (
            <Anchor component={Link} to={paths.customer(log.customerId)} ff="monospace">
              {log.customerId}
            </Anchor>
          ) : (
            <Text span c="dimmed">
              not known (the request was refused before its customer was mapped)
            </Text>
          )}
        </Text>
        {log.replayOf && (
          <Text size="sm">
            Replay of{' '}
            <Anchor component={Link} to={logPath(log.replayOf.id)}>
              the request received {formatLogTime(log.replayOf.receivedAt)}
            </Anchor>
            {log.replayedBy && ` by ${log.replayedBy}`}
          </Text>
        )}
        {showWebhook && log.webhook && (
          <Text size="sm">
            Webhook:{' '}
            <Anchor component={Link} to={paths.webhook(log.webhook.id)}>
              {log.webhook.name}
            </Anchor>
          </Text>
        )}
      </Stack>
      {role === 'ADMIN' && log.outcome !== 'NOT_ROUTABLE' && <ReplayButton logId={log.id} logPath={logPath} />}
      {log.error && (
        <Alert color={log.outcome === 'FAILED' ? 'red' : 'orange'} title="Why it was not processed">
          {log.error}
        </Alert>
      )}
      {log.outcome === 'DUPLICATE' && (
        <Alert color="blue" title="Duplicate delivery">
          <Text size="sm">
            This delivery id was already processed, so nothing was registered: the sender got the original answer again.
          </Text>
          {log.duplicateOf && (
            <Anchor component={Link} to={logPath(log.duplicateOf.id)} size="sm">
              Original request, received {formatLogTime(log.duplicateOf.receivedAt)} ({log.duplicateOf.statusCode})
            </Anchor>
          )}
        </Alert>
      )}
      {log.events.length > 1 && <RegisteredEvents events={log.events} />}
      {log.event && log.events.length <= 1 && (
        <Alert color="green" title="Registered event">
          <Anchor component={Link} to={paths.customerEvent(log.event.customerId, log.event.id)}>
            {log.event.action} for customer {log.event.customerId}
          </Anchor>{' '}
          <Text span size="sm" c="dimmed">
            at {formatLogTime(log.event.createdAt)}
          </Text>
        </Alert>
      )}
      {log.filterTrace && (
        <Paper withBorder p="sm" component="section" aria-label="Filter">
          <Title order={3} size="h5" mb="xs">
            Filter
          </Title>
          <FilterTraceView trace={log.filterTrace} source="log" />
        </Paper>
      )}
      <CopyAsCurl log={log} origin={originOf(log.webhook?.url)} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="sm" component="section" aria-label="Request">
            <Title order={3} size="h5" mb="xs">
              Request
            </Title>
            <Text size="xs" fw={500}>
              Headers
            </Text>
            <JsonBlock value={log.requestHeaders} />
            <Group gap="xs" mt="sm">
              <Text size="xs" fw={500}>
                Body
              </Text>
              {log.bodyTruncated && (
                <Badge size="xs" color="yellow">
                  truncated
                </Badge>
              )}
            </Group>
            <JsonBlock text={log.requestBody} emptyText="No body" />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="sm" component="section" aria-label="Response">
            <Title order={3} size="h5" mb="xs">
              Response {log.statusCode}
            </Title>
            <Text size="xs" fw={500}>
              Headers
            </Text>
            <JsonBlock value={log.responseHeaders} />
            <Text size="xs" fw={500} mt="sm">
              Body
            </Text>
            <JsonBlock text={log.responseBody} emptyText="No body" />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The points an event moved, when it carries any (`data.points`). */
function pointsOf(data: unknown): string | null {
  const points = (data as { points?: unknown } | null)?.points;
  return typeof points === 'number' || typeof points === 'string' ? String(points) : null;
}

/** A request split into items registered one event per item, listed in item order. */
function RegisteredEvents({ events }: { events: RequestLog['events'] }) {
  return (
    <Alert color="green" title={`Registered events (${events.length})`}>
      <Table withRowBorders={false} verticalSpacing={2} aria-label="Registered events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Item</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Points</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event, index) => (
            <Table.Tr key={event.id}>
              <Table.Td>{index + 1}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={paths.customerEvent(event.customerId, event.id)} ff="monospace">
                  {event.action}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={paths.customer(event.customerId)} ff="monospace">
                  {event.customerId}
                </Anchor>
              </Table.Td>
              <Table.Td>{pointsOf(event.data) ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}

/** Where the request was sent: the webhook's public origin, else this console's. */
function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : window.location.origin;
  } catch {
    return window.location.origin;
  }
}
