import { Alert, Badge, Button, Center, Group, List, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { WebhookHistoryQuery } from '../../../gql/graphql';
import { formatDateTime } from '../../../lib/format';
import { describeError, fieldErrorsOf, hasErrorCode } from '../../../lib/graphql-errors';
import { useCursor } from '../../../lib/use-cursor';
import { useCanEdit } from '../../auth/viewer-context';
import classes from './HistoryTab.module.css';
import { diffEntry, restorePlan, type DiffLine, type FieldDiff, type RestorePlan } from './history-diff';

const PAGE_SIZE = 20;

const WebhookHistoryQueryDocument = graphql(`
  query WebhookHistory($id: ID!, $first: Int, $after: String) {
    webhook(id: $id) {
      id
      name
      version
      allowedActions
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

const RestoreVersionMutation = graphql(`
  mutation RestoreWebhookVersion($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      ...WebhookSettingsFields
      updatedAt
    }
  }
`);

type Change = NonNullable<WebhookHistoryQuery['webhook']>['history']['nodes'][number];

const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  method: 'method',
  endpoint: 'endpoint',
  filter: 'filter',
  action: 'action',
  mapping: 'mapping',
  successResponse: 'success response',
  errorResponse: 'error response',
  verification: 'authentication',
  idempotency: 'idempotency',
  splitOn: 'split into items',
};

/**
 * The History tab: who changed what and when, newest first, each version read as the lines it added, removed or
 * changed. An editor may restore a version: its settings are saved as a new version through the same update as the
 * Settings tab, refused if the webhook changed since the history was read.
 */
export default function HistoryTab() {
  const { webhookId = '' } = useParams();
  const [after, loadAfter] = useCursor(webhookId);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookHistoryQueryDocument,
    variables: { id: webhookId, first: PAGE_SIZE, after },
    // Our own saves add entries the cache cannot know about.
    requestPolicy: 'cache-and-network',
  });
  const [restoring, restore] = useMutation(RestoreVersionMutation);
  const [asked, setAsked] = useState<{ version: number; plan: Extract<RestorePlan, { kind: 'restore' }> }>();
  const [restoreError, setRestoreError] = useState<string>();
  const canEdit = useCanEdit();
  const webhook = data?.webhook;
  const history = webhook?.history;
  const editable = canEdit && Boolean(webhook?.allowedActions.includes('EDIT'));
  const plans = useMemo(
    () => new Map((history?.nodes ?? []).map((entry) => [entry.version, restorePlan(history!.nodes, entry.version)])),
    [history],
  );

  if (!webhook || !history) {
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

  async function confirmRestore() {
    if (!asked || !webhook) return;
    const result = await restore({
      id: webhook.id,
      // The version shown, not the one restored: a change made meanwhile must be refused, not overwritten.
      input: { ...asked.plan.input, expectedVersion: webhook.version },
    });
    setAsked(undefined);
    reexecute({ requestPolicy: 'network-only' });
    if (result.error) {
      const stale =
        hasErrorCode(result.error, 'CONFLICT') &&
        fieldErrorsOf(result.error).some(({ field }) => field === 'expectedVersion');
      setRestoreError(
        stale
          ? `Version ${asked.version} was not restored: the webhook was changed after this history was loaded. The history is reloaded; check the changes and restore again.`
          : `Version ${asked.version} was not restored: ${describeError(result.error)}`,
      );
      return;
    }
    setRestoreError(undefined);
    notifications.show({
      color: 'green',
      title: webhook.name,
      message: `Version ${asked.version} restored as version ${result.data?.updateWebhook.version ?? webhook.version + 1}.`,
    });
  }

  if (history.nodes.length === 0) return <EmptyView title="No changes recorded yet" />;
  return (
    <Stack gap="sm">
      {restoreError && (
        <Alert
          color="orange"
          title="Not restored"
          role="alert"
          withCloseButton
          onClose={() => setRestoreError(undefined)}
        >
          {restoreError}
        </Alert>
      )}
      {!editable && (
        <Text size="sm" c="dimmed">
          {canEdit
            ? 'Archived webhooks cannot be changed, so no version can be restored.'
            : 'Your role may read the history but not restore a version.'}
        </Text>
      )}
      {history.nodes.map((change) => (
        <ChangeEntry
          key={change.id}
          change={change}
          plan={plans.get(change.version)!}
          editable={editable}
          onRestore={(plan) => setAsked({ version: change.version, plan })}
        />
      ))}
      {error && <ErrorState error={error} title="Could not load more history" />}
      {history.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={fetching} onClick={() => loadAfter(history.pageInfo.endCursor)}>
            Load more
          </Button>
        </Center>
      )}
      <ConfirmDialog
        opened={asked !== undefined}
        title={`Restore version ${asked?.version ?? ''}?`}
        confirmLabel={`Restore version ${asked?.version ?? ''}`}
        loading={restoring.fetching}
        onConfirm={() => void confirmRestore()}
        onCancel={() => setAsked(undefined)}
      >
        <Text size="sm">
          The {(asked?.plan.fields ?? []).map((field) => FIELD_WORDS[field] ?? field).join(', ')} of version{' '}
          {asked?.version} are saved as a new version {webhook.version + 1}. Nothing is lost: the current settings stay
          in the history and can be restored in turn.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

interface ChangeEntryProps {
  change: Change;
  plan: RestorePlan;
  editable: boolean;
  onRestore: (plan: Extract<RestorePlan, { kind: 'restore' }>) => void;
}

function ChangeEntry({ change, plan, editable, onRestore }: ChangeEntryProps) {
  const diffs = useMemo(() => diffEntry(change), [change]);
  const headingId = `history-version-${change.version}`;
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={headingId}>
      <Group gap="xs" mb="xs" justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Badge variant="light">{change.kind}</Badge>
          <Title order={2} size="sm" id={headingId}>
            Version {change.version}
          </Title>
          <Text size="sm" c="dimmed">
            {formatDateTime(change.changedAt)} by {change.actor}
          </Text>
        </Group>
        <RestoreButton plan={plan} editable={editable} onRestore={onRestore} />
      </Group>
      {diffs.length > 0 && (
        <Stack gap="xs">
          {diffs.map((diff) => (
            <FieldDiffView key={diff.field} diff={diff} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function RestoreButton({ plan, editable, onRestore }: Omit<ChangeEntryProps, 'change'>) {
  if (plan.kind === 'current')
    return (
      <Text size="xs" c="dimmed">
        Settings as they are now
      </Text>
    );
  // Read-only viewers learn why once, above the list; a version that cannot be restored says why beside it.
  const why = editable && plan.kind === 'impossible' ? plan.reason : undefined;
  return (
    <Group gap="xs">
      {why && (
        <Text size="xs" c="dimmed" maw={360}>
          {why}
        </Text>
      )}
      <Button
        size="compact-sm"
        variant="light"
        disabled={!editable || plan.kind !== 'restore'}
        onClick={() => plan.kind === 'restore' && onRestore(plan)}
      >
        Restore this version
      </Button>
    </Group>
  );
}

const KIND_COLORS = { added: 'green', removed: 'red', changed: 'blue' } as const;
const KIND_WORDS = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

function FieldDiffView({ diff }: { diff: FieldDiff }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {diff.title}
      </Text>
      {diff.lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          Reordered; nothing else changed.
        </Text>
      ) : (
        <List size="sm" listStyleType="none" spacing={2}>
          {diff.lines.map((line, index) => (
            <List.Item key={`${line.kind}:${line.label}:${index}`}>
              <DiffLineView line={line} />
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

function DiffLineView({ line }: { line: DiffLine }) {
  return (
    <Group gap={6} wrap="wrap" align="baseline">
      <Badge size="xs" variant="light" color={KIND_COLORS[line.kind]} w={72}>
        {KIND_WORDS[line.kind]}
      </Badge>
      <Text size="sm" span>
        {line.label}
      </Text>
      {line.before !== undefined && <del className={`${classes.value} ${classes.before}`}>{line.before}</del>}
      {line.kind === 'changed' && (
        <>
          <Text span size="sm" aria-hidden>
            →
          </Text>
          <VisuallyHidden>became</VisuallyHidden>
        </>
      )}
      {line.after !== undefined && <ins className={`${classes.value} ${classes.after}`}>{line.after}</ins>}
    </Group>
  );
}
