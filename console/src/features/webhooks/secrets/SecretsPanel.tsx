import type { VerificationScheme } from '@intake/rules';
import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import type { WebhookSecretFieldsFragment, WebhookStatus } from '../../../gql/graphql';
import { formatDateTime } from '../../../lib/format';
import { describeError } from '../../../lib/graphql-errors';
import { hasLiveSecret } from '../editor/verification-model';
import { SCHEME_LABELS } from '../verification-schemes';
import { RemoveWebhookSecretMutation } from './secret-operations';
import { SecretDialog } from './SecretDialog';

export interface SecretsPanelProps {
  webhookId: string;
  status: WebhookStatus;
  /** The scheme saved on the webhook: secrets are added for it. */
  savedScheme: VerificationScheme;
  /** The scheme chosen in the editor, perhaps not saved yet. */
  draftScheme: VerificationScheme;
  /** Newest first, as the API lists them (expired ones left out). */
  secrets: readonly WebhookSecretFieldsFragment[];
  /** False for a READER or an archived webhook: the list only. */
  editable: boolean;
}

function isExpired(secret: WebhookSecretFieldsFragment, now: number): boolean {
  return secret.expiresAt != null && new Date(secret.expiresAt).getTime() <= now;
}

/**
 * The webhook's secrets, by hint: when each was created and until when it verifies. "Add secret" (none live),
 * "Rotate secret" (replacing the live ones after a grace period) and "Remove" act at once: secrets are not part of
 * the settings the editor saves.
 */
export function SecretsPanel({ webhookId, status, savedScheme, draftScheme, secrets, editable }: SecretsPanelProps) {
  const [dialog, setDialog] = useState<'add' | 'rotate' | null>(null);
  const [removing, setRemoving] = useState<WebhookSecretFieldsFragment | null>(null);
  const [{ fetching: removeRunning }, removeSecret] = useMutation(RemoveWebhookSecretMutation);
  // Read once per render: expiries are compared to the time the list is shown.
  const [now] = useState(() => Date.now());

  const live = hasLiveSecret(secrets, now);
  const schemeUnsaved = draftScheme !== savedScheme;
  const lastLive = removing !== null && secrets.filter((secret) => !isExpired(secret, now)).length === 1;

  async function confirmRemove(secret: WebhookSecretFieldsFragment) {
    const result = await removeSecret({ id: webhookId, secretId: secret.id });
    setRemoving(null);
    if (result.error) {
      notifications.show({
        color: 'red',
        role: 'alert',
        title: 'The secret was not removed',
        message: describeError(result.error),
      });
      return;
    }
    notifications.show({
      color: 'green',
      title: 'Secret removed',
      message: `Secret ${secret.hint} no longer verifies.`,
    });
  }

  if (savedScheme === 'NONE') {
    return (
      <Text size="sm" c="dimmed">
        {draftScheme === 'NONE'
          ? 'Secrets are used by every scheme but None.'
          : `Save to use ${SCHEME_LABELS[draftScheme]}; then add the secret the sender uses.`}
      </Text>
    );
  }

  return (
    <Stack gap="xs" component="section" aria-label="Secrets">
      <Title order={3} size="h5">
        Secrets
      </Title>
      {schemeUnsaved && editable && (
        <Alert color="blue" variant="light">
          Secrets follow the saved scheme ({SCHEME_LABELS[savedScheme]}): save your change of scheme before adding one.
        </Alert>
      )}
      {secrets.length === 0 ? (
        <Text size="sm" c={status === 'ACTIVE' ? 'red' : 'dimmed'}>
          No secret yet: every request is refused (401) until you add one and give it to the sender.
          {status === 'INACTIVE' && ' The webhook cannot be set active before.'}
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Secrets" maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Secret</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Verifies until</Table.Th>
              {editable && <Table.Th aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {secrets.map((secret) => (
              <Table.Tr key={secret.id} data-testid="secret-row">
                <Table.Td>
                  <Code>{secret.hint}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(secret.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  {isExpired(secret, now) ? (
                    <Badge color="red" variant="light">
                      Expired
                    </Badge>
                  ) : (
                    <Text size="sm">{secret.expiresAt ? formatDateTime(secret.expiresAt) : 'Until replaced'}</Text>
                  )}
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      onClick={() => setRemoving(secret)}
                      aria-label={`Remove secret ${secret.hint}`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editable && (
        <Group>
          <Button variant="light" onClick={() => setDialog(live ? 'rotate' : 'add')} disabled={schemeUnsaved}>
            {live ? 'Rotate secret' : 'Add secret'}
          </Button>
        </Group>
      )}

      <SecretDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        webhookId={webhookId}
        scheme={savedScheme}
        rotating={dialog === 'rotate'}
      />
      <ConfirmDialog
        opened={removing !== null}
        title="Remove this secret?"
        confirmLabel="Remove"
        confirmColor="red"
        loading={removeRunning}
        onConfirm={() => removing && confirmRemove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <Text size="sm">
          Requests verified with the secret {removing?.hint} are refused (401) from now on.
          {lastLive &&
            (status === 'ACTIVE'
              ? ' It is the only secret left: every request will be refused until you add another.'
              : ' It is the only secret left: the webhook cannot be set active until you add another.')}
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
