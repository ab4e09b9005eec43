import { Autocomplete, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../../gql';

const TestCustomersQuery = graphql(`
  query TestCustomers($search: String) {
    customers(search: $search, first: 10) {
      nodes {
        id
        email
        firstName
        lastName
      }
    }
  }
`);

const TestCustomerQuery = graphql(`
  query TestCustomer($id: String!) {
    customer(id: $id) {
      id
    }
  }
`);

function describeMember(member: { email?: string | null; firstName?: string | null; lastName?: string | null }) {
  const name = [member.firstName, member.lastName].filter(Boolean).join(' ');
  return [name, member.email].filter(Boolean).join(' · ');
}

interface CustomerPickerProps {
  value: string;
  onChange: (customer: string) => void;
  /** The event tested: an opt_in enrols whoever it names, every other event needs a member. */
  action: string | null | undefined;
}

/**
 * Who the built sample is for: an existing member found by id, email or name, or an id typed in. Starts with the
 * account's first member, and says when the id is not a member — the dry run would answer CUSTOMER_NOT_FOUND.
 */
export function CustomerPicker({ value, onChange, action }: CustomerPickerProps) {
  const [search] = useDebouncedValue(value.trim(), 250);
  const [{ data: found }] = useQuery({ query: TestCustomersQuery, variables: { search: search || null } });
  const [{ data: exact, fetching }] = useQuery({
    query: TestCustomerQuery,
    variables: { id: search },
    pause: search === '',
  });
  const members = found?.customers.nodes ?? [];
  const defaulted = useRef(false);

  useEffect(() => {
    if (defaulted.current || value !== '' || !found) return;
    defaulted.current = true;
    const first = found.customers.nodes[0];
    if (first) onChange(first.id);
  }, [found, value, onChange]);

  const byId = new Map(members.map((member) => [member.id, member]));
  const notMember = search !== '' && search === value.trim() && !fetching && exact !== undefined && !exact.customer;
  const noMembers = found !== undefined && search === '' && members.length === 0;

  return (
    <Stack gap={4}>
      <Autocomplete
        label="Customer"
        description="The member the sample's event is for: search by id, email or name, or type an id."
        value={value}
        onChange={onChange}
        data={members.map((member) => member.id)}
        renderOption={({ option }) => {
          const member = byId.get(option.value);
          const details = member ? describeMember(member) : '';
          return (
            <div>
              <Text size="sm">{option.value}</Text>
              {details && (
                <Text size="xs" c="dimmed">
                  {details}
                </Text>
              )}
            </div>
          );
        }}
        // Every event but an opt_in would be refused: that is an error of the sample, shown (and announced) as one.
        error={
          notMember && action !== 'opt_in'
            ? `"${value.trim()}" is not a member of this account: the test will be refused with CUSTOMER_NOT_FOUND. Choose an existing member, or enrol this one with an opt_in first.`
            : undefined
        }
        filter={({ options }) => options}
      />
      {notMember && action === 'opt_in' && (
        <Text size="sm" c="dimmed">
          "{value.trim()}" is not a member yet: this opt_in would enrol it.
        </Text>
      )}
      {noMembers && (
        <Text size="sm" c="dimmed">
          This account has no members yet: type the id of the customer to test with, and enrol it with an opt_in webhook
          before testing other events.
        </Text>
      )}
    </Stack>
  );
}
