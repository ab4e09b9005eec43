import { notifications } from '@mantine/notifications';
import { Button } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { WebhookSettingsFieldsFragment } from '../../../gql/graphql';
import { useCanEdit } from '../../auth/viewer-context';
import { urlWithEndpoint } from '../ingestion-url';
import { SecretsPanel } from '../secrets/SecretsPanel';
import { TestDrawer, testDraftOf, type TestedInDrawer } from '../test-panel/TestDrawer';
import { draftFrom, isFilterEditable, toUpdateInput, type WebhookDraft } from './editor-model';
import { AUTHENTICATION_SECTION_ID } from './sections/AuthenticationSection';
import { WebhookEditor, type SubmitOutcome } from './WebhookEditor';

const WebhookSettingsQuery = graphql(`
  query WebhookSettings($id: ID!) {
    webhook(id: $id) {
      ...WebhookSettingsFields
    }
  }
`);

const UpdateWebhookMutation = graphql(`
  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      ...WebhookSettingsFields
      updatedAt
    }
  }
`);

/**
 * Identifies the saved settings: when they change (a save, a reload) the editor starts over from them. Secrets are
 * left out: adding or removing one changes the webhook at once and must not discard the admin's unsaved edits.
 */
function settingsKey(webhook: WebhookSettingsFieldsFragment): string {
  const { name, method, endpoint, filter, action, mapping, successResponse, errorResponse, idempotency, splitOn } =
    webhook;
  const { secrets: _secrets, ...verification } = webhook.verification;
  return JSON.stringify([
    name,
    method,
    endpoint,
    filter,
    action,
    mapping,
    successResponse,
    errorResponse,
    verification,
    idempotency,
    splitOn,
  ]);
}

function readOnlyReason(canEdit: boolean, webhook: WebhookSettingsFieldsFragment): string {
  if (!canEdit) return 'Your role may read webhooks but not change them.';
  if (webhook.status === 'ARCHIVED') return 'Archived webhooks cannot be changed.';
  return 'This webhook cannot be edited right now.';
}

/** The Settings tab: the editor over a saved webhook, saving with updateWebhook. */
export default function WebhookSettingsTab() {
  const { webhookId = '' } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookSettingsQuery,
    variables: { id: webhookId },
  });
  const canEdit = useCanEdit();

  if (!data?.webhook) {
    if (error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return fetching ? <LoadingState label="Loading settings" /> : null;
  }
  return (
    <SettingsEditor
      key={settingsKey(data.webhook)}
      webhook={data.webhook}
      canEdit={canEdit}
      onReload={() => reexecute({ requestPolicy: 'network-only' })}
    />
  );
}

interface SettingsEditorProps {
  webhook: WebhookSettingsFieldsFragment;
  canEdit: boolean;
  onReload: () => void;
}

function SettingsEditor({ webhook, canEdit, onReload }: SettingsEditorProps) {
  const [, updateWebhook] = useMutation(UpdateWebhookMutation);
  const initialDraft = useMemo(() => draftFrom(webhook), [webhook]);
  const filterEditable = isFilterEditable(webhook);
  const editable = canEdit && webhook.allowedActions.includes('EDIT');
  const { hash } = useLocation();
  const [tested, setTested] = useState<TestedInDrawer | null>(null);

  // The activation notice links here: bring the section where secrets are added into view.
  useEffect(() => {
    if (hash === `#${AUTHENTICATION_SECTION_ID}`) {
      document.getElementById(AUTHENTICATION_SECTION_ID)?.scrollIntoView({ block: 'start' });
    }
  }, [hash]);

  async function submit(draft: WebhookDraft, baseline: WebhookDraft): Promise<SubmitOutcome> {
    // The version read now, not when editing began: our own status changes bump it too.
    const { input } = toUpdateInput(draft, baseline, webhook.version, { filterEditable });
    const result = await updateWebhook({ id: webhook.id, input });
    if (result.error) return { ok: false, error: result.error };
    notifications.show({ color: 'green', title: webhook.name, message: 'Your changes are saved.' });
    return { ok: true };
  }

  return (
    <>
      <WebhookEditor
        initialDraft={initialDraft}
        urlFor={(endpoint) => urlWithEndpoint(webhook.url, webhook.endpoint, endpoint)}
        submitLabel="Save"
        onSubmit={submit}
        onReload={onReload}
        requireChanges
        filterEditable={filterEditable}
        readOnly={!editable}
        readOnlyReason={readOnlyReason(canEdit, webhook)}
        renderActions={(currentDraft, dirty) => (
          <Button
            variant="default"
            onClick={() =>
              setTested({
                draft: dirty ? testDraftOf(currentDraft(), initialDraft, filterEditable, webhook.filter) : undefined,
              })
            }
          >
            {dirty ? 'Test unsaved changes' : 'Test'}
          </Button>
        )}
        renderSecrets={(draftScheme) => (
          <SecretsPanel
            webhookId={webhook.id}
            status={webhook.status}
            savedScheme={webhook.verification.scheme}
            draftScheme={draftScheme}
            secrets={webhook.verification.secrets}
            editable={editable}
          />
        )}
      />
      <TestDrawer webhookId={webhook.id} tested={tested} onClose={() => setTested(null)} />
    </>
  );
}
