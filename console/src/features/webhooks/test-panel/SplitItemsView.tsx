import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { JsonBlock } from '../../../components/JsonBlock';
import type { WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { formatJsonValue } from '../../../lib/format';
import { IssueList, mappedValue } from './trace-parts';

type Result = WebhookTestResultFieldsFragment;
type Item = Result['items'][number];

/** An event as the dry run lists it: the pipeline's action, customer and data. */
interface SampleEvent {
  action?: string;
  customer?: string;
  data?: { points?: unknown } | null;
}

function ItemTrace({ item }: { item: Item }) {
  return (
    <Paper withBorder p="xs" component="article" aria-label={`Item ${item.index + 1}`}>
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={500}>
          Item {item.index + 1}
        </Text>
        {item.issues.length > 0 && (
          <Badge color="red" variant="light">
            refused
          </Badge>
        )}
      </Group>
      <Table verticalSpacing={2} aria-label={`Item ${item.index + 1} mapping`}>
        <Table.Tbody>
          {item.mapping.map((row) => (
            <Table.Tr key={`${row.from}->${row.to}`}>
              <Table.Td ff="monospace">{row.from}</Table.Td>
              <Table.Td ff="monospace">{row.to}</Table.Td>
              <Table.Td ff="monospace">{mappedValue(row)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {item.issues.length > 0 && <IssueList issues={item.issues} role="alert" />}
      {item.convertedEvent != null && <JsonBlock value={item.convertedEvent} />}
    </Paper>
  );
}

/**
 * A split sample (splitOn): each item's mapping and conversion, up to the one refused, and the events the request
 * would register. Nothing when the webhook does not split.
 */
export function SplitItemsView({ result }: { result: Result }) {
  if (result.items.length === 0) return null;
  const events = result.events as SampleEvent[];
  return (
    <Paper withBorder p="sm" component="section" aria-label="Items">
      <Title order={3} size="h5" mb="xs">
        Items ({result.items.length})
      </Title>
      <Stack gap="xs">
        {result.items.map((item) => (
          <ItemTrace key={item.index} item={item} />
        ))}
        <Text size="sm" fw={500}>
          {events.length === 0
            ? 'No events would be registered.'
            : `It would register ${events.length} event${events.length === 1 ? '' : 's'}:`}
        </Text>
        {events.length > 0 && (
          <Table verticalSpacing={2} aria-label="Events it would register">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Action</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Points</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event, index) => (
                <Table.Tr key={index}>
                  <Table.Td ff="monospace">{event.action}</Table.Td>
                  <Table.Td ff="monospace">{event.customer}</Table.Td>
                  <Table.Td>{event.data?.points == null ? '—' : formatJsonValue(event.data.points)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
