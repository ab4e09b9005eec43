import { Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyView, ErrorState, LoadingState } from '../../components/QueryStates';
import { graphql } from '../../gql';
import type { ApiKeyRowFragment, Role } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { describeError, fieldErrorsOf, toFieldErrors } from '../../lib/graphql-errors';
import { ROLE_LABELS, RoleRadios } from './RoleRadios';
import { ShownOnce } from './ShownOnce';

export const ApiKeyRow = graphql(`
  fragment ApiKeyRow on ApiKey {
    id
    name
    prefix
    role
    createdAt
    lastUsedAt
    revokedAt
  }
`);

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyRow
    }
  }
`);

const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($name: String!, $role: Role) {
    createApiKey(name: $name, role: $role) {
      secret
      apiKey {
        ...ApiKeyRow
      }
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      ...ApiKeyRow
    }
  }
`);

/** How a key looks in an Authorization header, with its secret part left out. */
function keyHint(prefix: string): string {
  return `ik_${prefix}_…`;
}

/** The account's API keys (for programs calling the GraphQL API): create one with a role, see when each was last used, revoke. */
export default function ApiKeysPage() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApiKeysQuery });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRowFragment | null>(null);
  const [revoke, runRevoke] = useMutation(RevokeApiKeyMutation);
  const keys = data?.apiKeys;

  async function confirmRevoke(key: ApiKeyRowFragment) {
    const result = await runRevoke({ id: key.id });
    setRevoking(null);
    if (result.error) {
      notifications.show({ color: 'red', title: 'The key was not revoked', message: describeError(result.error) });
      return;
    }
    notifications.show({ color: 'green', title: key.name, message: 'The key is revoked.' });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            API keys
          </Title>
          <Text c="dimmed" size="sm">
            Programs call the GraphQL API with a key: <code>Authorization: Bearer ik_…</code>. A Reader key can only
            read.
          </Text>
        </div>
        <Button onClick={() => setCreating(true)}>Create API key</Button>
      </Group>

      {!keys && error && (
        <ErrorState
          error={error}
          title="Could not load the API keys"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {!keys && !error && fetching && <LoadingState label="Loading API keys" />}
      {keys && keys.length === 0 && <EmptyView title="No API keys yet" description="Create one for each program." />}
      {keys && keys.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="API keys" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td ff="monospace">{keyHint(key.prefix)}</Table.Td>
                  <Table.Td>{ROLE_LABELS[key.role]}</Table.Td>
                  <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
                  <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {key.revokedAt ? (
                      <Badge color="red" variant="light" title={formatDateTime(key.revokedAt)}>
                        Revoked {formatDateTime(key.revokedAt)}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        Active
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!key.revokedAt && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Revoke ${key.name}`}
                        onClick={() => setRevoking(key)}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <CreateApiKeyDialog opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke the key “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        destructive
        loading={revoke.fetching}
        onConfirm={() => revoking && void confirmRevoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <Text size="sm">
          Every request with this key is refused from now on (UNAUTHENTICATED). Revoking cannot be undone: a program
          that still needs access gets a new key.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

/** Name and role; then the key itself, once. */
function CreateApiKeyDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('READER');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [{ fetching, error }, create] = useMutation(CreateApiKeyMutation);
  const [attempted, setAttempted] = useState(false);
  const fieldErrors = toFieldErrors(fieldErrorsOf(error));
  const nameError = (attempted && name.trim() === '' && 'Give the key a name.') || fieldErrors.name;

  function close() {
    // The secret is forgotten with the dialog: it cannot be shown again.
    setCreated(null);
    setName('');
    setRole('READER');
    setAttempted(false);
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (name.trim() === '') return;
    const result = await create({ name: name.trim(), role });
    const answer = result.data?.createApiKey;
    if (answer) setCreated({ name: answer.apiKey.name, secret: answer.secret });
  }

  return (
    <Modal opened={opened} onClose={close} title="Create API key" size="lg">
      {created ? (
        <ShownOnce what="key" value={created.secret} onDone={close}>
          <Text size="sm">
            The key “{created.name}”. Give it to the program that calls the API, e.g. in its secret store.
          </Text>
        </ShownOnce>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              label="Name"
              description="Who or what uses it, e.g. “CRM sync”."
              required
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={nameError}
              data-autofocus
            />
            <RoleRadios value={role} onChange={setRole} />
            {error && !fieldErrors.name && (
              <Text c="red" size="sm" role="alert">
                {describeError(error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={fetching}>
                Cancel
              </Button>
              <Button type="submit" loading={fetching}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
