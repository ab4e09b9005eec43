import {
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { graphql } from '../../gql';
import type { Role, UserRowFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { describeError, fieldErrorsOf, toFieldErrors } from '../../lib/graphql-errors';
import { useViewer } from '../auth/viewer-context';
import { ROLE_LABELS, RoleRadios } from './RoleRadios';
import { ShownOnce } from './ShownOnce';

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
  const [remove, runRemove] = useMutation(RemoveUserMutation);
  const [, changeRole] = useMutation(ChangeUserRoleMutation);
  const users = data?.users;

  async function confirmRemove(user: UserRowFragment) {
    const result = await runRemove({ id: user.id });
    setRemoving(null);
    if (result.error) {
      notifications.show({ color: 'red', title: 'The user was not removed', message: describeError(result.error) });
      return;
    }
    notifications.show({ color: 'green', title: user.email, message: 'The user is removed and signed out.' });
  }

  async function setRole(user: UserRowFragment, role: Role) {
    const result = await changeRole({ id: user.id, role });
    if (result.error) {
      notifications.show({ color: 'red', title: 'The role was not changed', message: describeError(result.error) });
      return;
    }
    notifications.show({ color: 'green', title: user.email, message: `Now ${ROLE_LABELS[role]}.` });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            Users
          </Title>
          <Text c="dimmed" size="sm">
            The people who sign in to this console. Intake sends no email: an invited user gets a password that you hand
            over.
          </Text>
        </div>
        <Button onClick={() => setInviting(true)}>Invite user</Button>
      </Group>

      {!users && error && (
        <ErrorState
          error={error}
          title="Could not load the users"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {!users && !error && fetching && <LoadingState label="Loading users" />}
      {users && (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Users" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
                      {!self && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Remove ${user.email}`}
                          onClick={() => setRemoving(user)}
                        >
                          Remove
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <InviteUserDialog opened={inviting} onClose={() => setInviting(false)} />
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.email ?? ''}?`}
        confirmLabel="Remove user"
        destructive
        loading={remove.fetching}
        onConfirm={() => removing && void confirmRemove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <Text size="sm">
          They are signed out at once and can no longer sign in. Their past changes stay in the webhooks’ history.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

/** Email and role; then the generated password, once. */
function InviteUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('READER');
  const [invited, setInvited] = useState<{ email: string; password: string } | null>(null);
  const [{ fetching, error }, create] = useMutation(CreateUserMutation);
  const [attempted, setAttempted] = useState(false);
  const fieldErrors = toFieldErrors(fieldErrorsOf(error));
  const emailError = (attempted && email.trim() === '' && 'Enter their email address.') || fieldErrors.email;

  function close() {
    // The password is forgotten with the dialog: it cannot be shown again.
    setInvited(null);
    setEmail('');
    setRole('READER');
    setAttempted(false);
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (email.trim() === '') return;
    const result = await create({ email: email.trim(), role });
    const answer = result.data?.createUser;
    if (answer) setInvited({ email: answer.user.email, password: answer.password });
  }

  return (
    <Modal opened={opened} onClose={close} title="Invite user" size="lg">
      {invited ? (
        <ShownOnce what="password" value={invited.password} onDone={close}>
          <Text size="sm">
            {invited.email} signs in with this password. Give it to them in person or through a password manager, not in
            a plain email.
          </Text>
        </ShownOnce>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={emailError}
              data-autofocus
            />
            <RoleRadios value={role} onChange={setRole} />
            {error && !fieldErrors.email && (
              <Text c="red" size="sm" role="alert">
                {describeError(error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={fetching}>
                Cancel
              </Button>
              <Button type="submit" loading={fetching}>
                Invite user
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
