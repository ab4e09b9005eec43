import { Badge, Group, NativeSelect, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Role, UserRowFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { describeError } from '../../lib/graphql-errors';
import { useViewer } from '../auth/viewer-context';
import { AccountScreen, AccountTable } from './AccountScreen';
import { ConfirmRemoval, RemoveButton } from './ConfirmRemoval';
import { CreateWithSecretDialog } from './CreateWithSecretDialog';
import { ROLE_LABELS } from './RoleRadios';

export const UserRow = graphql(`
  fragment UserRow on AdminUser {
    id
    email
    role
    createdAt
  }
`);

const UsersQuery = graphql(`
  query Users {
    users {
      ...UserRow
    }
  }
`);

const CreateUserMutation = graphql(`
  mutation CreateUser($email: String!, $role: Role!) {
    createUser(email: $email, role: $role) {
      password
      user {
        ...UserRow
      }
    }
  }
`);

const ChangeUserRoleMutation = graphql(`
  mutation ChangeUserRole($id: ID!, $role: Role!) {
    changeUserRole(id: $id, role: $role) {
      ...UserRow
    }
  }
`);

const RemoveUserMutation = graphql(`
  mutation RemoveUser($id: ID!) {
    removeUser(id: $id) {
      id
    }
  }
`);

/**
 * Who may sign in to this account's console: invite someone with a role (they get a generated password, shown
 * once), change a role, remove a user. Nobody changes or removes themselves, and the last admin stays one — the
 * server refuses both and says so.
 */
export default function UsersPage() {
  const viewer = useViewer();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: UsersQuery });
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<UserRowFragment | null>(null);
  const [, changeRole] = useMutation(ChangeUserRoleMutation);
  const users = data?.users;

  async function setRole(user: UserRowFragment, role: Role) {
    const result = await changeRole({ id: user.id, role });
    if (result.error) {
      notifications.show({
        color: 'red',
        role: 'alert',
        title: 'The role was not changed',
        message: describeError(result.error),
      });
      return;
    }
    notifications.show({ color: 'green', title: user.email, message: `Now ${ROLE_LABELS[role]}.` });
  }

  return (
    <AccountScreen
      title="Users"
      intro="The people who sign in to this console. Intake sends no email: an invited user gets a password that you hand over."
      action={{ label: 'Invite user', onClick: () => setInviting(true) }}
      list={{
        loaded: Boolean(users),
        fetching,
        error,
        onRetry: () => reexecute({ requestPolicy: 'network-only' }),
      }}
      errorTitle="Could not load the users"
      loadingLabel="Loading users"
    >
      {users && (
        <AccountTable label="Users" minWidth={560} columns={['Email', 'Role', 'Added']}>
          {users.map((user) => {
            const self = user.id === viewer.user?.id;
            return (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{user.email}</Text>
                    {self && (
                      <Badge color="gray" variant="light">
                        You
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {self ? (
                    ROLE_LABELS[user.role]
                  ) : (
                    <NativeSelect
                      aria-label={`Role of ${user.email}`}
                      size="xs"
                      w={120}
                      value={user.role}
                      data={(['ADMIN', 'READER'] as const).map((role) => ({
                        value: role,
                        label: ROLE_LABELS[role],
                      }))}
                      onChange={(event) => void setRole(user, event.currentTarget.value as Role)}
                    />
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(user.createdAt)}</Table.Td>
                <Table.Td>
                  {!self && <RemoveButton verb="Remove" name={user.email} onClick={() => setRemoving(user)} />}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </AccountTable>
      )}

      <InviteUserDialog opened={inviting} onClose={() => setInviting(false)} />
      <ConfirmRemoval
        item={removing}
        onClose={() => setRemoving(null)}
        mutation={RemoveUserMutation}
        title={`Remove ${removing?.email ?? ''}?`}
        confirmLabel="Remove user"
        failedTitle="The user was not removed"
        done={(user) => ({ title: user.email, message: 'The user is removed and signed out.' })}
      >
        <Text size="sm">
          They are signed out at once and can no longer sign in. Their past changes stay in the webhooks’ history.
        </Text>
      </ConfirmRemoval>
    </AccountScreen>
  );
}

/** Email and role; then the generated password, once. */
function InviteUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [mutation, create] = useMutation(CreateUserMutation);
  return (
    <CreateWithSecretDialog
      opened={opened}
      onClose={onClose}
      title="Invite user"
      submitLabel="Invite user"
      field={{
        name: 'email',
        required: 'Enter their email address.',
        input: { label: 'Email', type: 'email', autoComplete: 'off' },
      }}
      secretName="password"
      mutation={mutation}
      create={async (email, role) => {
        const answer = (await create({ email, role })).data?.createUser;
        return (
          answer && {
            secret: answer.password,
            note: (
              <Text size="sm">
                {answer.user.email} signs in with this password. Give it to them in person or through a password
                manager, not in a plain email.
              </Text>
            ),
          }
        );
      }}
    />
  );
}
