import { Anchor, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { paths } from '../../app/paths';
import { OutcomeBadge, StatusCodeBadge } from '../../components/Badges';
import { graphql } from '../../gql';
import type { LogRowFieldsFragment } from '../../gql/graphql';
import { formatLogDuration, formatLogTime } from './log-format';

/** What a row of a logs table shows. */
export const LogRowFields = graphql(`
  fragment LogRowFields on RequestLog {
    id
    receivedAt
    method
    path
    query
    statusCode
    durationMs
    outcome
    error
    customerId
    event {
      id
      action
      customerId
    }
  }
`);

interface LogsTableProps {
  logs: readonly (LogRowFieldsFragment & { webhook?: { id: string; name: string } | null })[];
  /** Where a row leads. */
  detailPath: (logId: string) => string;
  /** The webhook's own path: the request column shows a path only where it differs (e.g. a trailing slash). */
  webhookPath?: string;
  /** The account-wide page names each row's webhook. */
  showWebhook?: boolean;
  /** Rows to set apart as new (received live). */
  highlighted?: ReadonlySet<string>;
}

/** Requests as rows: time to the millisecond, request, duration, status, outcome, customer, event (and webhook). */
export function LogsTable({ logs, detailPath, webhookPath, showWebhook = false, highlighted }: LogsTableProps) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={showWebhook ? 1040 : 900}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Request logs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Request</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th>Status code</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Event</Table.Th>
            {showWebhook && <Table.Th>Webhook</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {logs.map((log) => {
            const to = detailPath(log.id);
            const path = webhookPath !== undefined && log.path === webhookPath ? '' : ` ${log.path}`;
            return (
              <Table.Tr
                key={log.id}
                data-testid="log-row"
                data-new={highlighted?.has(log.id) || undefined}
                onClick={() => navigate(to)}
                style={{
                  cursor: 'pointer',
                  ...(highlighted?.has(log.id) ? { backgroundColor: 'var(--mantine-primary-color-light)' } : {}),
                }}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {/* The link makes the row reachable by keyboard; the row click is a shortcut for the mouse. */}
                  <Anchor component={Link} to={to} size="sm" onClick={(event) => event.stopPropagation()}>
                    {formatLogTime(log.receivedAt)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {log.method}
                    {path}
                    {log.query ? `${path ? '' : ' '}?${log.query}` : ''}
                  </Text>
                  {log.error && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {log.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatLogDuration(log.durationMs)}</Text>
                </Table.Td>
                <Table.Td>
                  <StatusCodeBadge statusCode={log.statusCode} />
                </Table.Td>
                <Table.Td>
                  <OutcomeBadge outcome={log.outcome} />
                </Table.Td>
                <Table.Td>
                  {log.customerId ? (
                    <Anchor
                      component={Link}
                      to={paths.customer(log.customerId)}
                      size="sm"
                      ff="monospace"
                      onClick={(event) => event.stopPropagation()}
                    >
                      {log.customerId}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {log.event ? (
                    <Anchor
                      component={Link}
                      to={paths.customerEvent(log.event.customerId, log.event.id)}
                      size="sm"
                      ff="monospace"
                      onClick={(event) => event.stopPropagation()}
                    >
                      {log.event.action}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                {showWebhook && (
                  <Table.Td>
                    {log.webhook ? (
                      <Anchor
                        component={Link}
                        to={paths.webhookLogs(log.webhook.id)}
                        size="sm"
                        onClick={(event) => event.stopPropagation()}
                      >
                        {log.webhook.name}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
