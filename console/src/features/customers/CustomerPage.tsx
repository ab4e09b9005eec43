import {
  Anchor,
  Badge,
  Button,
  Center,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { EmptyView, ErrorState, LoadingState } from '../../components/QueryStates';
import { graphql } from '../../gql';
import type { CustomerDetailQuery } from '../../gql/graphql';
import { formatDateTime, formatPoints } from '../../lib/format';
import { useCursor } from '../../lib/use-cursor';
import { fullName } from './CustomersPage';
import { paths } from '../../app/paths';
import { useDocumentTitle } from '../../app/document-title';

const EVENTS_PAGE_SIZE = 25;

const CustomerDetailQueryDocument = graphql(`
  query CustomerDetail($id: String!, $first: Int, $after: String) {
    customer(id: $id) {
      id
      email
      firstName
      lastName
      labels
      points
      optedOut
      createdAt
      updatedAt
      events(first: $first, after: $after) {
        nodes {
          id
          action
          data
          createdAt
          webhook {
            id
            name
          }
          requestLog {
            id
          }
          requestLogExpired
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

type Customer = NonNullable<CustomerDetailQuery['customer']>;
type CustomerEvent = Customer['events']['nodes'][number];

/** A member's profile, labels, points balance and event history; each event links to where it came from. */
export default function CustomerPage() {
  const { customerId = '' } = useParams();
  const [after, loadAfter] = useCursor(customerId);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CustomerDetailQueryDocument,
    variables: { id: customerId, first: EVENTS_PAGE_SIZE, after },
    // Points and events change with every request the webhooks process.
    requestPolicy: 'cache-and-network',
  });
  const customer = data?.customer;
  useDocumentTitle(customer ? fullName(customer) || customer.id : 'Customer');

  return (
    <Stack gap="md">
      <Anchor component={Link} to={paths.customers} size="sm">
        ← Customers
      </Anchor>
      {!customer && error && (
        <ErrorState
          error={error}
          title="Could not load the member"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {!customer && !error && (fetching || !data) && <LoadingState label="Loading member" />}
      {data && data.customer === null && (
        <EmptyView title="No member with this id" description={<Code>{customerId}</Code>} />
      )}
      {customer && (
        <>
          <Profile customer={customer} />
          <EventHistory
            customer={customer}
            loading={fetching}
            onLoadMore={() => loadAfter(customer.events.pageInfo.endCursor)}
          />
        </>
      )}
    </Stack>
  );
}

function Profile({ customer }: { customer: Customer }) {
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Title order={1} size="h2">
          {fullName(customer) || customer.id}
        </Title>
        {customer.optedOut && <Badge color="gray">Opted out</Badge>}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Points balance
          </Text>
          <Text size="xl" fw={700} data-testid="customer-points">
            {formatPoints(customer.points)}
          </Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Customer id
          </Text>
          <Text ff="monospace" style={{ wordBreak: 'break-all' }}>
            {customer.id}
          </Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Email
          </Text>
          <Text style={{ wordBreak: 'break-all' }}>{customer.email ?? '—'}</Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Member since
          </Text>
          <Text>{formatDateTime(customer.createdAt)}</Text>
        </Paper>
      </SimpleGrid>
      <Group gap="xs" aria-label="Labels" role="list">
        <Text size="sm" fw={500}>
          Labels:
        </Text>
        {customer.labels.length === 0 && (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
        {customer.labels.map((label) => (
          <Badge key={label} variant="light" role="listitem" tt="none">
            {label}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}

interface EventHistoryProps {
  customer: Customer;
  loading: boolean;
  onLoadMore: () => void;
}

function EventHistory({ customer, loading, onLoadMore }: EventHistoryProps) {
  const { hash } = useLocation();
  const events = customer.events;

  // A log's "registered event" link points here with #event-<id>: bring that row into view.
  useEffect(() => {
    if (hash.startsWith('#event-')) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [hash, events.nodes.length]);

  return (
    <Stack gap="sm" component="section" aria-labelledby="event-history-title">
      <Title order={2} size="h4" id="event-history-title">
        Event history
      </Title>
      {events.nodes.length === 0 ? (
        <EmptyView title="No events yet" />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label="Events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Data</Table.Th>
                <Table.Th>Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.nodes.map((event) => (
                <EventRow key={event.id} event={event} highlighted={hash === `#event-${event.id}`} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {events.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={loading} onClick={onLoadMore}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

/** Events are kept forever, request logs LOG_RETENTION_DAYS days: an event may outlive the log of its request. */
function LogExpired() {
  return (
    <Text size="xs" c="dimmed" title="Request logs are deleted after the retention period; events are kept.">
      Log expired
    </Text>
  );
}

function EventRow({ event, highlighted }: { event: CustomerEvent; highlighted: boolean }) {
  return (
    <Table.Tr
      id={`event-${event.id}`}
      style={{ verticalAlign: 'top', background: highlighted ? 'var(--mantine-color-yellow-light)' : undefined }}
    >
      <Table.Td>
        <Text size="sm">{formatDateTime(event.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" ff="monospace" tt="none">
          {event.action}
        </Badge>
      </Table.Td>
      <Table.Td maw={360}>
        <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(event.data)}</Code>
      </Table.Td>
      <Table.Td>
        {event.webhook ? (
          <Stack gap={2}>
            <Anchor component={Link} to={paths.webhook(event.webhook.id)} size="sm">
              {event.webhook.name}
            </Anchor>
            {event.requestLog && (
              <Anchor component={Link} to={paths.webhookLog(event.webhook.id, event.requestLog.id)} size="xs">
                View request log
              </Anchor>
            )}
            {event.requestLogExpired && <LogExpired />}
          </Stack>
        ) : event.requestLog ? (
          <Anchor component={Link} to={paths.requestLog(event.requestLog.id)} size="xs">
            View request log
          </Anchor>
        ) : event.requestLogExpired ? (
          <LogExpired />
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
