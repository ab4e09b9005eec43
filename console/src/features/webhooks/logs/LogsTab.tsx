import { Alert, Badge, Button, Center, Code, CopyButton, Group, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useLiveConnection, type LiveConnection } from '../../../app/live-socket';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { HttpMethod, LogRowFieldsFragment, RequestOutcome, WebhookStatus } from '../../../gql/graphql';
import { useCursor } from '../../../lib/use-cursor';
import { LogFilters, toIsoInstant, type LogFilterValues } from './LogFilters';
import { paths } from '../../../app/paths';
import { pathOf } from '../../logs/log-format';
import { LogsTable } from '../../logs/LogsTable';
import { useViewer } from '../../auth/viewer-context';
import { ReplayMatching } from '../../replay/ReplayMatching';
import { useLiveLogs } from './use-live-logs';

const PAGE_SIZE = 50;

const WebhookLogsQuery = graphql(`
  query WebhookLogs(
    $id: ID!
    $first: Int
    $after: String
    $statusCode: Int
    $outcome: RequestOutcome
    $receivedAfter: DateTime
    $receivedBefore: DateTime
  ) {
    webhook(id: $id) {
      id
      method
      url
      status
      logs(
        first: $first
        after: $after
        statusCode: $statusCode
        outcome: $outcome
        receivedAfter: $receivedAfter
        receivedBefore: $receivedBefore
      ) {
        nodes {
          ...LogRowFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

function filtersFrom(params: URLSearchParams): LogFilterValues {
  const statusCode = params.get('statusCode');
  return {
    statusCode: statusCode ? Number(statusCode) : undefined,
    outcome: (params.get('outcome') as RequestOutcome | null) ?? undefined,
    receivedAfter: params.get('after') ?? undefined,
    receivedBefore: params.get('before') ?? undefined,
  };
}

function paramsFrom(filters: LogFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.statusCode !== undefined) params.set('statusCode', String(filters.statusCode));
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.receivedAfter) params.set('after', filters.receivedAfter);
  if (filters.receivedBefore) params.set('before', filters.receivedBefore);
  return params;
}

/** Whether a log received live belongs in the list under `filters` (the server sends every log of the webhook). */
function matches(log: LogRowFieldsFragment, filters: LogFilterValues): boolean {
  if (filters.statusCode !== undefined && log.statusCode !== filters.statusCode) return false;
  if (filters.outcome && log.outcome !== filters.outcome) return false;
  const before = toIsoInstant(filters.receivedBefore);
  return !before || log.receivedAt < before;
}

/**
 * The Logs tab: the webhook's requests, newest first, filterable, a page at a time. With Live on, requests are
 * prepended as they are logged (highlighted); Pause holds them back, counting them, until Resume.
 */
export default function LogsTab() {
  const { webhookId = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFrom(searchParams);
  const [after, loadAfter] = useCursor(searchParams.toString());
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookLogsQuery,
    variables: {
      id: webhookId,
      first: PAGE_SIZE,
      after,
      statusCode: filters.statusCode,
      outcome: filters.outcome,
      receivedAfter: toIsoInstant(filters.receivedAfter),
      receivedBefore: toIsoInstant(filters.receivedBefore),
    },
    // Requests keep arriving: show what is cached at once, then the latest.
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const logs = data?.webhook?.logs;
  const filtered = searchParams.toString() !== '';
  const [live, setLive] = useState(false);
  // While paused: what was shown when Pause was pressed, and how many had been received by then.
  const [held, setHeld] = useState<{ rows: LogRowFieldsFragment[]; total: number } | null>(null);
  const received = useLiveLogs(webhookId, live);
  const connection = useLiveConnection();
  const shownLive = (held?.rows ?? received.rows).filter((log) => matches(log, filters));
  const onPage = new Set(logs?.nodes.map((log) => log.id));
  const fresh = shownLive.filter((log) => !onPage.has(log.id));
  const rows = logs ? [...fresh, ...logs.nodes] : [];
  const waiting = held ? received.total - held.total : 0;
  const toggleLive = (on: boolean) => {
    setLive(on);
    setHeld(null);
    // The rows received live leave with Live: the list is read again so that they stay in it.
    if (!on) refresh();
  };
  const { role } = useViewer();
  const selection = {
    webhookId,
    statusCode: filters.statusCode,
    outcome: filters.outcome,
    receivedAfter: toIsoInstant(filters.receivedAfter),
    receivedBefore: toIsoInstant(filters.receivedBefore),
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <LogFilters value={filters} onChange={(next) => setSearchParams(paramsFrom(next), { replace: true })} />
        <Group gap="sm" align="center">
          <Switch
            label="Live"
            checked={live}
            onChange={(event) => toggleLive(event.currentTarget.checked)}
            disabled={!data?.webhook}
          />
          {live && <ConnectionBadge connection={connection} />}
          {live && (
            <Button
              variant="default"
              onClick={() => setHeld(held ? null : { rows: received.rows, total: received.total })}
            >
              {held ? 'Resume' : 'Pause'}
            </Button>
          )}
          {held && (
            <Text size="sm" c="dimmed" role="status">
              {waiting} new
            </Text>
          )}
          <Button variant="default" onClick={refresh} loading={fetching && !!logs}>
            Refresh
          </Button>
        </Group>
      </Group>
      {live && received.error && (
        <Alert color="red" title="Live updates stopped">
          {received.error.graphQLErrors[0]?.message ??
            'The connection to the server was lost. Turn Live off and on again to reconnect.'}
        </Alert>
      )}
      {role === 'ADMIN' && data?.webhook?.status === 'ACTIVE' && (
        <ReplayMatching key={searchParams.toString()} selection={selection} onFinished={refresh} />
      )}
      {!logs && error && <ErrorState error={error} title="Could not load the logs" onRetry={refresh} />}
      {!logs && !error && (fetching || !data) && <LoadingState label="Loading logs" />}
      {logs && rows.length === 0 && data?.webhook && <NoLogs filtered={filtered} webhook={data.webhook} />}
      {logs && rows.length > 0 && data?.webhook && (
        <LogsTable
          logs={rows}
          detailPath={(logId) => paths.webhookLog(webhookId, logId)}
          webhookPath={pathOf(data.webhook.url)}
          highlighted={new Set(fresh.map((log) => log.id))}
        />
      )}
      {logs && error && <ErrorState error={error} title="Could not load more logs" />}
      {logs?.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={fetching} onClick={() => loadAfter(logs.pageInfo.endCursor)}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

const CONNECTION_LABELS: Record<LiveConnection, { label: string; color: string }> = {
  // Idle with Live on: the socket opens on the subscription's first use.
  idle: { label: 'Connecting…', color: 'gray' },
  connecting: { label: 'Connecting…', color: 'gray' },
  connected: { label: 'Connected', color: 'green' },
  reconnecting: { label: 'Reconnecting…', color: 'orange' },
};

function ConnectionBadge({ connection }: { connection: LiveConnection }) {
  const { label, color } = CONNECTION_LABELS[connection];
  return (
    <Badge variant="light" color={color} aria-live="polite">
      {label}
    </Badge>
  );
}

/** A first request to paste into a terminal: any request is logged, even one the filters reject. */
function curlExample(method: HttpMethod, url: string): string {
  return `curl -X ${method} '${url}' -H 'Content-Type: application/json' -d '{}'`;
}

interface NoLogsProps {
  filtered: boolean;
  webhook: { method: HttpMethod; url: string; status: WebhookStatus };
}

function NoLogs({ filtered, webhook }: NoLogsProps) {
  if (filtered) return <EmptyView title="No request matches these filters" />;
  if (webhook.status === 'ARCHIVED') {
    return (
      <EmptyView
        title="No requests logged"
        description="This webhook is archived: its address no longer accepts requests."
      />
    );
  }
  const curl = curlExample(webhook.method, webhook.url);
  return (
    <EmptyView
      title="No requests yet"
      description={
        webhook.status === 'INACTIVE'
          ? `Requests sent to the webhook URL appear here, newest first, whatever their outcome. The webhook is inactive: until you activate it, a request is answered 404 (and logged as not routable). Send one with ${webhook.method}, e.g. from a terminal:`
          : `Requests sent to the webhook URL appear here, newest first, whatever their outcome. Send a first one with ${webhook.method}, e.g. from a terminal:`
      }
    >
      <Group gap="xs" wrap="nowrap" align="flex-start" maw="100%">
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', textAlign: 'left' }}>
          {curl}
        </Code>
        <CopyButton value={curl} timeout={1500}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="light"
              color={copied ? 'teal' : undefined}
              onClick={copy}
              style={{ flexShrink: 0 }}
            >
              {copied ? 'Copied' : 'Copy command'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </EmptyView>
  );
}
