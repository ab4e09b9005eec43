import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from 'urql';
import { paths } from '../../../app/paths';
import type { ImportChangeKind, ImportWebhooksMutation as ImportResult } from '../../../gql/graphql';
import { describeError, hasErrorCode } from '../../../lib/graphql-errors';
import { ImportWebhooksMutation } from './config-operations';
import { readDocumentText } from './webhook-document';

type Plan = ImportResult['importWebhooks'];

const KIND_LABELS: Record<ImportChangeKind, string> = { CREATE: 'Create', UPDATE: 'Update', UNCHANGED: 'Unchanged' };
const KIND_COLORS: Record<ImportChangeKind, string> = { CREATE: 'green', UPDATE: 'blue', UNCHANGED: 'gray' };

interface ImportDialogProps {
  opened: boolean;
  onClose: () => void;
}

/**
 * "Import" (admins): a document exported from Intake — a file or pasted text — is checked by a dry run, whose
 * plan (what is created, updated with which settings, or left unchanged) is shown before anything changes; Apply
 * then writes it in one transaction. Every problem the server finds is listed with its place in the document.
 */
export function ImportDialog({ opened, onClose }: ImportDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Import webhooks" size="xl" centered>
      {opened && <ImportForm onDone={onClose} />}
    </Modal>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [textProblem, setTextProblem] = useState<string>();
  const [checked, setChecked] = useState<{ document: unknown; plan: Plan }>();
  const [applied, setApplied] = useState<Plan>();
  const [failure, setFailure] = useState<CombinedError>();
  const [{ fetching }, importWebhooks] = useMutation(ImportWebhooksMutation);

  function edit(next: string) {
    setText(next);
    // The plan was made for the text as it was.
    setChecked(undefined);
    setFailure(undefined);
    setTextProblem(undefined);
  }

  async function pick(chosen: File | null) {
    setFile(chosen);
    if (chosen) edit(await chosen.text());
  }

  async function check() {
    const read = readDocumentText(text);
    if (!read.ok) {
      setTextProblem(read.message);
      return;
    }
    setFailure(undefined);
    const result = await importWebhooks({ document: read.value, dryRun: true });
    if (result.error || !result.data) setFailure(result.error);
    else setChecked({ document: read.value, plan: result.data.importWebhooks });
  }

  async function apply() {
    if (!checked) return;
    setFailure(undefined);
    const result = await importWebhooks({ document: checked.document, dryRun: false });
    if (result.error || !result.data) setFailure(result.error);
    else setApplied(result.data.importWebhooks);
  }

  if (applied) {
    return (
      <Stack gap="sm">
        <Alert color="green" title="Imported" role="status">
          <Text size="sm">{summary(applied, true)}</Text>
        </Alert>
        <PlanTable plan={applied} linked />
        <Group justify="flex-end">
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    );
  }

  const changes = checked?.plan.changes.filter((change) => change.kind !== 'UNCHANGED').length ?? 0;
  return (
    <Stack gap="sm">
      <Text size="sm">
        A document exported from Intake (Export, or <Code>pnpm cli webhooks:export</Code>). Webhooks are matched by
        endpoint: new ones are created, existing ones made equal to the document, others left alone. Nothing changes
        until you apply the plan.
      </Text>
      <FileInput
        label="Document file"
        placeholder="Choose a .json file"
        accept="application/json,.json"
        clearable
        value={file}
        onChange={(chosen) => void pick(chosen)}
      />
      <Textarea
        label="Or paste the document"
        autosize
        minRows={4}
        maxRows={12}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        value={text}
        error={textProblem}
        onChange={(event) => edit(event.currentTarget.value)}
      />
      {failure && <ImportFailure error={failure} />}
      {checked && (
        <Stack gap="xs">
          <Text size="sm" fw={500} role="status">
            {summary(checked.plan, false)}
          </Text>
          <PlanTable plan={checked.plan} />
        </Stack>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        {checked && changes > 0 ? (
          <Button loading={fetching} onClick={() => void apply()}>
            Apply
          </Button>
        ) : (
          <Button loading={fetching} variant={checked ? 'default' : 'filled'} onClick={() => void check()}>
            {checked ? 'Check again' : 'Check (dry run)'}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function summary(plan: Plan, applied: boolean): string {
  const count = (kind: ImportChangeKind) => plan.changes.filter((change) => change.kind === kind).length;
  const [create, update, unchanged] = [count('CREATE'), count('UPDATE'), count('UNCHANGED')];
  if (applied) return `${create} created, ${update} updated, ${unchanged} unchanged.`;
  if (create + update === 0) return `Nothing to change: the ${unchanged} webhooks already match the document.`;
  return `Plan: ${create} to create, ${update} to update, ${unchanged} unchanged. Nothing has changed yet.`;
}

function PlanTable({ plan, linked = false }: { plan: Plan; linked?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="Import plan">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={120}>Change</Table.Th>
            <Table.Th>Endpoint</Table.Th>
            <Table.Th>Settings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.changes.map((change) => (
            <Table.Tr key={change.endpoint} style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <Badge color={KIND_COLORS[change.kind]} variant="light">
                  {KIND_LABELS[change.kind]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {linked && change.webhookId ? (
                  <Anchor
                    component={Link}
                    to={paths.webhook(change.webhookId)}
                    ff="monospace"
                    size="sm"
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {change.endpoint}
                  </Anchor>
                ) : (
                  <Text ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {change.endpoint}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{change.fields.length > 0 ? change.fields.join(', ') : '—'}</Text>
                {change.notes.map((note) => (
                  <Text key={note} size="xs" c="dimmed">
                    {note}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** BAD_USER_INPUT lists every problem at its place in the document; anything else is one sentence. */
function ImportFailure({ error }: { error: CombinedError }) {
  const issues = error.graphQLErrors.flatMap((graphQLError) => {
    const found = (graphQLError.extensions as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(found) ? (found as { field: string; message: string }[]) : [];
  });
  if (hasErrorCode(error, 'BAD_USER_INPUT') && issues.length > 0) {
    return (
      <Alert color="red" title="The document cannot be imported; nothing was changed" role="alert">
        <List size="sm" spacing={4}>
          {issues.map((issue) => (
            <List.Item key={`${issue.field}: ${issue.message}`}>
              <Code>{issue.field}</Code> {issue.message}
            </List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  return (
    <Alert color="red" title="The document cannot be imported; nothing was changed" role="alert">
      <Text size="sm">{describeError(error)}</Text>
    </Alert>
  );
}
