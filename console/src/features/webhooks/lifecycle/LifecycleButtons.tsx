import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { graphql } from '../../../gql';
import type { WebhookAction } from '../../../gql/graphql';
import { describeError, hasErrorCode } from '../../../lib/graphql-errors';
import { hasLiveSecret } from '../editor/verification-model';

/** What a lifecycle change alters, so the cache updates every view of the webhook. */
export const WebhookLifecycleFields = graphql(`
  fragment WebhookLifecycleFields on Webhook {
    id
    status
    allowedActions
    version
    updatedAt
  }
`);

const ActivateWebhookMutation = graphql(`
  mutation ActivateWebhook($id: ID!) {
    activateWebhook(id: $id) {
      ...WebhookLifecycleFields
    }
  }
`);

const DeactivateWebhookMutation = graphql(`
  mutation DeactivateWebhook($id: ID!) {
    deactivateWebhook(id: $id) {
      ...WebhookLifecycleFields
    }
  }
`);

const ArchiveWebhookMutation = graphql(`
  mutation ArchiveWebhook($id: ID!) {
    archiveWebhook(id: $id) {
      ...WebhookLifecycleFields
    }
  }
`);

type LifecycleAction = Exclude<WebhookAction, 'EDIT'>;

interface ActionCopy {
  button: string;
  title: string;
  /** The dialog's button: says what happens. */
  confirm: string;
  body: string;
  done: string;
  color?: string;
}

const COPY: Record<LifecycleAction, ActionCopy> = {
  ACTIVATE: {
    button: 'Set active',
    title: 'Set this webhook active?',
    confirm: 'Set webhook active',
    body: 'Requests to its URL will be processed and register events in members’ histories from now on.',
    done: 'The webhook is active.',
  },
  DEACTIVATE: {
    button: 'Set inactive',
    title: 'Set this webhook inactive?',
    confirm: 'Set webhook inactive',
    body: 'Requests to its URL will be refused (404) and register nothing until it is set active again.',
    done: 'The webhook is inactive.',
  },
  ARCHIVE: {
    button: 'Archive',
    title: 'Archive this webhook?',
    confirm: 'Archive webhook',
    body:
      'Archiving is irreversible: an archived webhook cannot be restored, edited or set active again. ' +
      'Its logs stay readable and its endpoint becomes free for another webhook.',
    done: 'The webhook is archived.',
    color: 'red',
  },
};

/** Buttons appear in this order, and only those the server lists in allowedActions. */
const ORDER: LifecycleAction[] = ['ACTIVATE', 'DEACTIVATE', 'ARCHIVE'];

interface LifecycleButtonsProps {
  webhook: {
    id: string;
    name: string;
    allowedActions: readonly WebhookAction[];
    verification?: { scheme: string; secrets: readonly { expiresAt?: string | null }[] };
  };
  /**
   * Called instead of the error toast when activation was refused because the webhook verifies its senders but
   * has no live secret (fail closed), so the page can say what to do, with the server's words.
   */
  onActivationNeedsSecret?: (serverMessage: string) => void;
}

/** Whether an activation refused as INVALID_TRANSITION is explained by a missing secret, as far as we know. */
function lacksLiveSecret(verification: LifecycleButtonsProps['webhook']['verification']): boolean {
  return verification !== undefined && verification.scheme !== 'NONE' && !hasLiveSecret(verification.secrets);
}

/** Set active, Set inactive and Archive, each behind a confirmation. */
export function LifecycleButtons({ webhook, onActivationNeedsSecret }: LifecycleButtonsProps) {
  const [pending, setPending] = useState<LifecycleAction | null>(null);
  const [activate, runActivate] = useMutation(ActivateWebhookMutation);
  const [deactivate, runDeactivate] = useMutation(DeactivateWebhookMutation);
  const [archive, runArchive] = useMutation(ArchiveWebhookMutation);
  const running = activate.fetching || deactivate.fetching || archive.fetching;
  const available = ORDER.filter((action) => webhook.allowedActions.includes(action));

  async function confirm(action: LifecycleAction) {
    const run = { ACTIVATE: runActivate, DEACTIVATE: runDeactivate, ARCHIVE: runArchive }[action];
    const result = await run({ id: webhook.id });
    setPending(null);
    if (result.error) {
      if (
        action === 'ACTIVATE' &&
        onActivationNeedsSecret &&
        hasErrorCode(result.error, 'INVALID_TRANSITION') &&
        lacksLiveSecret(webhook.verification)
      ) {
        onActivationNeedsSecret(describeError(result.error));
        return;
      }
      notifications.show({
        color: 'red',
        title: hasErrorCode(result.error, 'INVALID_TRANSITION')
          ? 'Not possible from its current status'
          : 'Could not change the status',
        message: describeError(result.error),
      });
      return;
    }
    notifications.show({ color: 'green', title: webhook.name, message: COPY[action].done });
  }

  if (available.length === 0) return null;
  return (
    <>
      <Group gap="xs">
        {available.map((action) => (
          <Button
            key={action}
            variant={action === 'ACTIVATE' ? 'filled' : 'default'}
            color={COPY[action].color}
            onClick={() => setPending(action)}
          >
            {COPY[action].button}
          </Button>
        ))}
      </Group>
      <ConfirmDialog
        opened={pending !== null}
        title={pending ? COPY[pending].title : ''}
        confirmLabel={pending ? COPY[pending].confirm : ''}
        confirmColor={pending ? COPY[pending].color : undefined}
        loading={running}
        onConfirm={() => pending && confirm(pending)}
        onCancel={() => setPending(null)}
      >
        <Text size="sm" fw={pending === 'ARCHIVE' ? 500 : undefined}>
          {pending ? COPY[pending].body : ''}
        </Text>
      </ConfirmDialog>
    </>
  );
}
