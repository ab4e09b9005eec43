import { Anchor, Badge, Button, Center, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { EmptyView, ErrorState, LoadingState } from '../../components/QueryStates';
import { graphql } from '../../gql';
import { formatPoints } from '../../lib/format';
import { useCursor } from '../../lib/use-cursor';
import { paths } from '../../app/paths';

const PAGE_SIZE = 25;

const CustomersQuery = graphql(`
  query Customers($search: String, $first: Int, $after: String) {
    customers(search: $search, first: $first, after: $after) {
      nodes {
        id
        email
        firstName
        lastName
        labels
        points
        optedOut
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function fullName(customer: { firstName?: string | null; lastName?: string | null }): string {
  return [customer.firstName, customer.lastName].filter(Boolean).join(' ');
}

/** Find a loyalty member by id, email or name. */
export default function CustomersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const searchText = searchParams.get('q') ?? '';
  const [search] = useDebouncedValue(searchText.trim(), 300);
  const [after, loadAfter] = useCursor(search);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CustomersQuery,
    variables: { search: search || undefined, first: PAGE_SIZE, after },
  });
  const customers = data?.customers;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Customers
      </Title>
      <TextInput
        label="Search members"
        placeholder="Customer id, email or name"
        type="search"
        value={searchText}
        onChange={(event) =>
          setSearchParams(event.currentTarget.value ? { q: event.currentTarget.value } : {}, { replace: true })
        }
        maw={420}
      />
      {!customers && error && (
        <ErrorState
          error={error}
          title="Could not load customers"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {!customers && !error && <LoadingState label="Loading customers" />}
      {customers && customers.nodes.length === 0 && (
        <EmptyView
          title={search ? 'No member matches' : 'No members yet'}
          description={search ? `Nothing found for "${search}".` : 'Members appear once an opt-in event enrols them.'}
        />
      )}
      {customers && customers.nodes.length > 0 && (
        <Table.ScrollContainer minWidth={680}>
          <Table highlightOnHover verticalSpacing="xs" aria-label="Customers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer id</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Labels</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Points</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {customers.nodes.map((customer) => (
                <Table.Tr key={customer.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.customer(customer.id)} ff="monospace" size="sm">
                      {customer.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fullName(customer) || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{customer.email ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {customer.optedOut && (
                        <Badge size="sm" color="gray">
                          opted out
                        </Badge>
                      )}
                      {customer.labels.map((label) => (
                        <Badge key={label} size="sm" variant="light" tt="none">
                          {label}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Text size="sm">{formatPoints(customer.points)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {customers && error && <ErrorState error={error} title="Could not load more customers" />}
      {customers?.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={fetching} onClick={() => loadAfter(customers.pageInfo.endCursor)}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
