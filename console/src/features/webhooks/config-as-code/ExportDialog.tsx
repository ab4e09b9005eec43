import { Alert, Button, Checkbox, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { LoadingState } from '../../../components/QueryStates';
import { describeError } from '../../../lib/graphql-errors';
import { useViewer } from '../../auth/viewer-context';
import { ExportWebhooksQuery } from './config-operations';
import {
  chooseWebhooks,
  documentFileName,
  documentText,
  downloadText,
  isWebhookDocument,
  type WebhookDocument,
} from './webhook-document';

interface ExportDialogProps {
  opened: boolean;
  onClose: () => void;
  /** Saves the file; the browser's download unless a test gives its own. */
  download?: (fileName: string, text: string) => void;
}

/**
 * "Export": the account's webhooks (readers: the active ones) as a JSON document, every one or those chosen,
 * downloaded as a file to keep in version control and import elsewhere. Secrets are not in it.
 */
export function ExportDialog({ opened, onClose, download = downloadText }: ExportDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Export webhooks" size="lg" centered>
      {opened && <ExportForm onDone={onClose} download={download} />}
    </Modal>
  );
}

function ExportForm({ onDone, download }: { onDone: () => void; download: (name: string, text: string) => void }) {
  const { account } = useViewer();
  // Always fresh: the document is dated, and the list may have changed since.
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ExportWebhooksQuery,
    variables: {},
    requestPolicy: 'network-only',
  });
  const document: unknown = data?.exportWebhooks;
  if (error && !document) {
    return (
      <Alert color="red" title="Could not export the webhooks" role="alert">
        <Text size="sm">{describeError(error)}</Text>
        <Button mt="sm" size="xs" variant="light" color="red" onClick={() => reexecute()}>
          Try again
        </Button>
      </Alert>
    );
  }
  if (fetching || !isWebhookDocument(document)) return <LoadingState label="Preparing the export" />;
  return <ExportChoice document={document} accountSlug={account.slug} onDone={onDone} download={download} />;
}

function ExportChoice({
  document,
  accountSlug,
  onDone,
  download,
}: {
  document: WebhookDocument;
  accountSlug: string;
  onDone: () => void;
  download: (name: string, text: string) => void;
}) {
  const all = document.webhooks.map((webhook) => webhook.endpoint);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(all));
  if (all.length === 0) {
    return (
      <Stack gap="sm">
        <Text>There are no webhooks to export.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    );
  }
  const toggle = (endpoint: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(endpoint);
      else next.delete(endpoint);
      return next;
    });
  const everything = chosen.size === all.length;
  return (
    <Stack gap="sm">
      <Text size="sm">
        A JSON document of the webhooks’ settings, to keep in version control and import into another account. Secrets
        are not in it: sender secrets are counted, secret filter values are left as placeholders.
      </Text>
      <Checkbox
        label="All webhooks"
        checked={everything}
        indeterminate={chosen.size > 0 && !everything}
        onChange={(event) => setChosen(event.currentTarget.checked ? new Set(all) : new Set())}
      />
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap={6} role="group" aria-label="Webhooks to export" pl="lg">
          {document.webhooks.map((webhook) => (
            <Checkbox
              key={webhook.endpoint}
              label={`${webhook.name} (${webhook.endpoint})`}
              checked={chosen.has(webhook.endpoint)}
              onChange={(event) => toggle(webhook.endpoint, event.currentTarget.checked)}
            />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          disabled={chosen.size === 0}
          onClick={() => {
            download(documentFileName(accountSlug, new Date()), documentText(chooseWebhooks(document, chosen)));
            onDone();
          }}
        >
          {`Download ${chosen.size} ${chosen.size === 1 ? 'webhook' : 'webhooks'}`}
        </Button>
      </Group>
    </Stack>
  );
}
