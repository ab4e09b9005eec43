import { Badge, Button, Center, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { WebhookHistoryQuery } from '../../../gql/graphql';
import { formatDateTime } from '../../../lib/format';
import { prettyJson } from '../../../lib/json-text';
import { useCursor } from '../../../lib/use-cursor';

const PAGE_SIZE = 20;

const WebhookHistoryQueryDocument = graphql(`
  query WebhookHistory($id: ID!, $first: Int, $after: String) {
    webhook(id: $id) {
      id
      history(first: $first, after: $after) {
        nodes {
          id
          changedAt
          actor
          kind
          version
          changes {
            field
            before
            after
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

type Change = NonNullable<WebhookHistoryQuery['webhook']>['history']['nodes'][number];

/** The History tab: who changed what and when, newest first. */
export default function HistoryTab() {
  const { webhookId = '' } = useParams();
  const [after, loadAfter] = useCursor(webhookId);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookHistoryQueryDocument,
    variables: { id: webhookId, first: PAGE_SIZE, after },
    // Our own saves add entries the cache cannot know about.
    requestPolicy: 'cache-and-network',
  });
  const history = data?.webhook?.history;

  if (!history) {
    if (error)
      return (
        <ErrorState
          error={error}
          title="Could not load the history"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      );
    return fetching || !data ? <LoadingState label="Loading history" /> : null;
  }
  if (history.nodes.length === 0) return <EmptyView title="No changes recorded yet" />;
  return (
    <Stack gap="sm">
      {history.nodes.map((change) => (
        <ChangeEntry key={change.id} change={change} />
      ))}
      {error && <ErrorState error={error} title="Could not load more history" />}
      {history.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={fetching} onClick={() => loadAfter(history.pageInfo.endCursor)}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

function ChangeEntry({ change }: { change: Change }) {
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Version ${change.version}`}>
      <Group gap="xs" mb="xs">
        <Badge variant="light">{change.kind}</Badge>
        <Text size="sm" fw={500}>
          Version {change.version}
        </Text>
        <Text size="sm" c="dimmed">
          {formatDateTime(change.changedAt)} by {change.actor}
        </Text>
      </Group>
      {change.changes.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} aria-label={`Changes in version ${change.version}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>Field</Table.Th>
                <Table.Th>Before</Table.Th>
                <Table.Th>After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {change.changes.map((fieldChange) => (
                <Table.Tr key={fieldChange.field} style={{ verticalAlign: 'top' }}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {fieldChange.field}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ChangeValue value={fieldChange.before} />
                  </Table.Td>
                  <Table.Td>
                    <ChangeValue value={fieldChange.after} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function ChangeValue({ value }: { value: unknown }) {
  if (value === null || value === undefined)
    return (
      <Text size="sm" c="dimmed">
        (none)
      </Text>
    );
  if (typeof value !== 'object') return <Code>{JSON.stringify(value)}</Code>;
  return (
    // Focusable: a block that scrolls must be scrollable from the keyboard too.
    <Code block tabIndex={0} style={{ maxHeight: 240, overflow: 'auto' }}>
      {prettyJson(value)}
    </Code>
  );
}
