import { Badge, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { EmptyView } from '../../components/QueryStates';
import { graphql } from '../../gql';
import type { ApiKeyRowFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { AccountScreen, AccountTable } from './AccountScreen';
import { ConfirmRemoval, RemoveButton } from './ConfirmRemoval';
import { CreateWithSecretDialog } from './CreateWithSecretDialog';
import { ROLE_LABELS } from './RoleRadios';

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
  const keys = data?.apiKeys;

  return (
    <AccountScreen
      title="API keys"
      intro={
        <>
          Programs call the GraphQL API with a key: <code>Authorization: Bearer ik_…</code>. A Reader key can only read.
        </>
      }
      action={{ label: 'Create API key', onClick: () => setCreating(true) }}
      list={{
        loaded: Boolean(keys),
        fetching,
        error,
        onRetry: () => reexecute({ requestPolicy: 'network-only' }),
      }}
      errorTitle="Could not load the API keys"
      loadingLabel="Loading API keys"
    >
      {keys && keys.length === 0 && <EmptyView title="No API keys yet" description="Create one for each program." />}
      {keys && keys.length > 0 && (
        <AccountTable
          label="API keys"
          minWidth={720}
          columns={['Name', 'Key', 'Role', 'Created', 'Last used', 'Status']}
        >
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
                {!key.revokedAt && <RemoveButton verb="Revoke" name={key.name} onClick={() => setRevoking(key)} />}
              </Table.Td>
            </Table.Tr>
          ))}
        </AccountTable>
      )}

      <CreateApiKeyDialog opened={creating} onClose={() => setCreating(false)} />
      <ConfirmRemoval
        item={revoking}
        onClose={() => setRevoking(null)}
        mutation={RevokeApiKeyMutation}
        title={`Revoke the key “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        failedTitle="The key was not revoked"
        done={(key) => ({ title: key.name, message: 'The key is revoked.' })}
      >
        <Text size="sm">
          Every request with this key is refused from now on (UNAUTHENTICATED). Revoking cannot be undone: a program
          that still needs access gets a new key.
        </Text>
      </ConfirmRemoval>
    </AccountScreen>
  );
}

/** Name and role; then the key itself, once. */
function CreateApiKeyDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [mutation, create] = useMutation(CreateApiKeyMutation);
  return (
    <CreateWithSecretDialog
      opened={opened}
      onClose={onClose}
      title="Create API key"
      submitLabel="Create key"
      field={{
        name: 'name',
        required: 'Give the key a name.',
        input: { label: 'Name', description: 'Who or what uses it, e.g. “CRM sync”.', maxLength: 100 },
      }}
      secretName="key"
      mutation={mutation}
      create={async (name, role) => {
        const answer = (await create({ name, role })).data?.createApiKey;
        return (
          answer && {
            secret: answer.secret,
            note: (
              <Text size="sm">
                The key “{answer.apiKey.name}”. Give it to the program that calls the API, e.g. in its secret store.
              </Text>
            ),
          }
        );
      }}
    />
  );
}
