import { Anchor, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CombinedError } from '@urql/core';
import { useMutation } from 'urql';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import { useViewer } from '../../auth/viewer-context';
import { draftFrom, toCreateInput, type WebhookDraft } from '../editor/editor-model';
import { WebhookEditor, type SubmitOutcome } from '../editor/WebhookEditor';
import { previewUrl } from '../ingestion-url';
import { useBlueprints, type Blueprint } from './BlueprintPicker';
import { paths } from '../../../app/paths';

const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      id
      name
      status
      url
      version
      allowedActions
    }
  }
`);

/** Step two of creating a webhook: the editor prefilled from the chosen blueprint; saving creates it inactive. */
export default function CreateWebhookPage() {
  const { blueprintId = 'blank' } = useParams();
  const { blueprints, fetching, error, retry } = useBlueprints();
  const blueprint = blueprints?.find((candidate) => candidate.id === blueprintId);

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={paths.newWebhook} size="sm">
          ← Choose another blueprint
        </Anchor>
        <Title order={1} size="h2">
          New webhook{blueprint && blueprint.id !== 'blank' ? `: ${blueprint.name}` : ''}
        </Title>
        <Text c="dimmed" size="sm">
          The webhook is created inactive: test it, then set it active from its page.
        </Text>
      </div>
      {error && !blueprints && <ErrorState error={error} title="Could not load the blueprint" onRetry={retry} />}
      {fetching && !blueprints && <LoadingState label="Loading blueprint" />}
      {blueprints && !blueprint && (
        <EmptyView
          title="No such blueprint"
          description={
            <Anchor component={Link} to={paths.newWebhook}>
              Choose one of the blueprints
            </Anchor>
          }
        />
      )}
      {blueprint && <NewWebhookEditor blueprint={blueprint} />}
    </Stack>
  );
}

function NewWebhookEditor({ blueprint }: { blueprint: Blueprint }) {
  const navigate = useNavigate();
  const { account } = useViewer();
  const [, createWebhook] = useMutation(CreateWebhookMutation);
  const initialDraft = useMemo(
    () => draftFrom({ ...blueprint.template, name: blueprint.id === 'blank' ? '' : blueprint.name }),
    [blueprint],
  );

  async function submit(draft: WebhookDraft): Promise<SubmitOutcome> {
    const result = await createWebhook({ input: toCreateInput(draft).input });
    const created = result.data?.createWebhook;
    if (result.error) return { ok: false, error: result.error };
    if (!created)
      return {
        ok: false,
        error: new CombinedError({ networkError: new Error('The server did not return the new webhook.') }),
      };
    return {
      ok: true,
      afterSave: () => {
        notifications.show({
          color: 'green',
          title: 'Webhook created',
          message: `${created.name} is inactive until you set it active.`,
        });
        void navigate(paths.webhook(created.id));
      },
    };
  }

  return (
    <WebhookEditor
      initialDraft={initialDraft}
      urlFor={(endpoint) => previewUrl(account.slug, endpoint)}
      submitLabel="Create webhook"
      onSubmit={submit}
      renderSecrets={(scheme) =>
        scheme !== 'NONE' && (
          <Text size="sm" c="dimmed">
            Once the webhook is created, add its secret here and give it to the sender: the webhook cannot be set active
            without one.
          </Text>
        )
      }
    />
  );
}
