import { Alert, Button, Grid, Group, List, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { buildSampleRequest, type SampleSettings } from '@intake/rules';
import type { CombinedError } from '@urql/core';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { JsonEditor } from '../../../components/JsonEditor/JsonEditor';
import { ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type {
  HttpMethod,
  TestPanelWebhookQuery,
  UpdateWebhookInput,
  WebhookTestResultFieldsFragment,
} from '../../../gql/graphql';
import { jsonErrorOf, prettyJson, prettyJsonText } from '../../../lib/json-text';
import { useCanEdit } from '../../auth/viewer-context';
import { hasLiveSecret } from '../editor/verification-model';
import { useEventDefinitions } from '../event-definitions';
import { SCHEME_LABELS } from '../verification-schemes';
import { CustomerPicker } from './CustomerPicker';
import { fillRedacted, missingValues, redactedValuesOf } from './redacted-values';
import { TestResultView } from './TestResultView';

const TestPanelWebhookQuery = graphql(`
  query TestPanelWebhook($id: ID!) {
    webhook(id: $id) {
      id
      method
      status
      action
      splitOn
      filter {
        ...FilterGroupFields
      }
      mapping {
        from
        to
        expression
      }
      verification {
        scheme
        secrets {
          id
          expiresAt
        }
      }
      idempotency {
        key
      }
      lastRequest {
        id
        requestHeaders
        requestBody
      }
    }
  }
`);

/** One mapping row's trace: the request's and every fan-out item's mapping read the same fields. */
export const MappingTraceFields = graphql(`
  fragment MappingTraceFields on MappingTrace {
    from
    to
    found
    usedDefault
    replaced
    value
    expression
    expressionResult
  }
`);

export const EventIssueFields = graphql(`
  fragment EventIssueFields on EventIssue {
    code
    attribute
    message
  }
`);

export const WebhookTestResultFields = graphql(`
  fragment WebhookTestResultFields on WebhookTestResult {
    statusCode
    outcome
    errorCode
    reason
    responseBody
    responseHeaders
    filterPassed
    conditions {
      ...ConditionTraceFields
    }
    filterTrace {
      ...FilterTraceFields
    }
    mapping {
      ...MappingTraceFields
    }
    mappedEvent
    convertedEvent
    issues {
      ...EventIssueFields
    }
    items {
      index
      mapping {
        ...MappingTraceFields
      }
      mappedEvent
      convertedEvent
      issues {
        ...EventIssueFields
      }
    }
    events
    verification {
      scheme
      verified
      errorCode
      reason
      signed
    }
    idempotency {
      key
      value
      problem
      alreadyProcessed
      originalRequestId
    }
  }
`);

const TestWebhookQuery = graphql(`
  query TestWebhook($id: ID!, $request: TestRequestInput!, $draft: UpdateWebhookInput) {
    testWebhook(id: $id, request: $request, draft: $draft) {
      ...WebhookTestResultFields
    }
  }
`);

type TestedWebhook = NonNullable<TestPanelWebhookQuery['webhook']>;

/** What the built sample is built from: the saved settings, or the editor's unsaved draft. */
export type TestedSettings = Omit<SampleSettings, 'attributes'> & {
  method: HttpMethod;
  action: string | null | undefined;
};

/** Unsaved changes from the editor: tested instead of the saved settings. */
export interface TestDraft {
  /** updateWebhook's input for the changes (what the server tests). */
  patch: UpdateWebhookInput;
  /** The settings the changes give (what the sample is built from). */
  settings: TestedSettings;
}

function savedSettings(webhook: TestedWebhook): TestedSettings {
  return {
    method: webhook.method,
    action: webhook.action,
    filter: webhook.filter,
    mapping: webhook.mapping,
    idempotencyKey: webhook.idempotency?.key,
    splitOn: webhook.splitOn,
  };
}

/** Samples offered in the picker; "last" only when the webhook has received something. */
type SampleSource = 'built' | 'last';

interface SampleText {
  headers: string;
  body: string;
}

function lastRequestText(webhook: TestedWebhook): SampleText {
  return {
    headers: prettyJson(webhook.lastRequest?.requestHeaders ?? {}),
    body: prettyJsonText(webhook.lastRequest?.requestBody ?? ''),
  };
}

function headersError(text: string): string | undefined {
  const jsonError = jsonErrorOf(text, true);
  if (jsonError) return jsonError;
  if (text.trim() === '') return undefined;
  const value: unknown = JSON.parse(text);
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject ? undefined : 'Headers are a JSON object of names and values, e.g. {"x-token": "abc"}.';
}

/**
 * The Test tab: send a sample request through the webhook's filters and mapping without registering anything,
 * and read the trace.
 */
export default function TestPanel() {
  const { webhookId = '' } = useParams();
  return <WebhookTester webhookId={webhookId} />;
}

/**
 * The Test panel for a webhook: its saved settings, or — given a draft — the editor's unsaved changes (nothing is
 * saved either way).
 */
export function WebhookTester({ webhookId, draft }: { webhookId: string; draft?: TestDraft }) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TestPanelWebhookQuery,
    variables: { id: webhookId },
  });

  if (!data?.webhook) {
    if (error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return fetching ? <LoadingState /> : null;
  }
  if (data.webhook.status === 'ARCHIVED') return <ArchivedNotice />;
  return <TestForm key={data.webhook.id} webhook={data.webhook} draft={draft} />;
}

/** An archived webhook answers 404 to every sender, so a test run would only describe a webhook nobody can reach. */
function ArchivedNotice() {
  return (
    <Alert color="gray" variant="light" title="This webhook is archived">
      <Text size="sm">
        Its address no longer accepts requests: senders get 404 Not Found, and the endpoint may be reused by another
        webhook. Its logs and history stay available in their tabs.
      </Text>
    </Alert>
  );
}

/** The member a sample names when the account has none and nothing was typed. */
const PLACEHOLDER_CUSTOMER = 'customer-1';

function TestForm({ webhook, draft }: { webhook: TestedWebhook; draft?: TestDraft }) {
  const client = useClient();
  const canEdit = useCanEdit();
  const settings = draft?.settings ?? savedSettings(webhook);
  const { definitions } = useEventDefinitions();
  const attributes = definitions?.find((definition) => definition.name === settings.action)?.attributes;
  const [customer, setCustomer] = useState('');
  // Ids that must not repeat (a transaction accepted once, a delivery processed once) are unique per panel.
  const [unique] = useState(() => Date.now().toString(36));
  const build = (): SampleText => {
    const sample = buildSampleRequest(
      { ...settings, attributes },
      { customer: customer.trim() || PLACEHOLDER_CUSTOMER, unique },
    );
    return { headers: prettyJson(sample.headers), body: prettyJson(sample.body) };
  };
  const [initial] = useState(build);
  const lastBuilt = useRef(initial);
  const { scheme } = webhook.verification;
  // Only admins may have the server sign (readers must not learn what a valid signature looks like).
  const signable = scheme !== 'NONE' && canEdit;
  const liveSecret = hasLiveSecret(webhook.verification.secrets);
  const [sign, setSign] = useState(signable && liveSecret);
  const signHelpId = useId();
  const redactedTitleId = useId();
  const [method, setMethod] = useState<HttpMethod>(webhook.method);
  const [headers, setHeaders] = useState(initial.headers);
  const [body, setBody] = useState(initial.body);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<WebhookTestResultFieldsFragment>();
  const [runError, setRunError] = useState<CombinedError>();
  const [redactedInput, setRedactedInput] = useState<Record<string, string>>({});
  const [showMissing, setShowMissing] = useState(false);
  const [source, setSource] = useState<SampleSource>('built');
  const headersProblem = headersError(headers);
  const redacted = useMemo(() => redactedValuesOf(headers, body), [headers, body]);
  const dropEmptyHeaders = sign && signable;
  const missing = missingValues(redacted, redactedInput, dropEmptyHeaders);
  const builtKey = JSON.stringify([settings, attributes, customer]);

  // A sample still as built follows the member chosen, the event's definition once loaded, and the draft; one the
  // admin edited is left alone.
  useEffect(() => {
    if (headers !== lastBuilt.current.headers || body !== lastBuilt.current.body) return;
    const rebuilt = build();
    lastBuilt.current = rebuilt;
    setHeaders(rebuilt.headers);
    setBody(rebuilt.body);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- builtKey stands for everything build() reads
  }, [builtKey]);

  const sampleOptions = [
    { value: 'built', label: 'Built from the filters and mapping' },
    ...(webhook.lastRequest ? [{ value: 'last', label: 'The last request received' }] : []),
  ];

  function applySample(source: SampleSource) {
    const sample = source === 'last' && webhook.lastRequest ? lastRequestText(webhook) : build();
    if (source === 'built') lastBuilt.current = sample;
    setHeaders(sample.headers);
    setBody(sample.body);
    setShowMissing(false);
    setSource(source);
  }

  async function run(event: FormEvent) {
    event.preventDefault();
    // In the editor's drawer this form sits (through a portal) inside the editor's: its submit must not save.
    event.stopPropagation();
    if (headersProblem) return;
    if (missing.length > 0) {
      setShowMissing(true);
      return;
    }
    const request = fillRedacted(
      headers.trim() ? (JSON.parse(headers) as Record<string, string>) : {},
      body,
      redactedInput,
      dropEmptyHeaders,
    );
    setRunning(true);
    // Always asked anew: the same request can answer differently after the settings changed.
    const response = await client
      .query(
        TestWebhookQuery,
        {
          id: webhook.id,
          request: {
            method,
            headers: request.headers,
            body: request.body,
            ...(sign ? { signWithSecret: true } : {}),
          },
          ...(draft ? { draft: draft.patch } : {}),
        },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    setRunning(false);
    setRunError(response.error);
    setResult(response.data?.testWebhook);
  }

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <form onSubmit={run} aria-label="Test request">
          <Stack gap="sm">
            {draft ? (
              <Alert color="blue" variant="light" title="Testing your unsaved changes">
                <Text size="sm">
                  The settings as you edited them run on this request. Nothing is saved or registered and no log is
                  written.
                </Text>
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">
                Runs the saved settings on this request. Nothing is registered and no log is written.
              </Text>
            )}
            <CustomerPicker value={customer} onChange={setCustomer} action={settings.action} />
            <Group align="flex-end" gap="sm">
              <Select
                label="Sample"
                data={sampleOptions}
                placeholder="Start from a sample"
                value={null}
                onChange={(source) => source && applySample(source as SampleSource)}
                style={{ flex: 1 }}
              />
              <Select
                label="Method"
                data={['POST', 'PUT']}
                value={method}
                onChange={(value) => value && setMethod(value as HttpMethod)}
                allowDeselect={false}
                w={100}
              />
            </Group>
            <JsonEditor
              label="Headers"
              description="A JSON object of header names and values."
              value={headers}
              onChange={setHeaders}
              allowEmpty
              externalError={headersProblem}
              minRows={3}
            />
            <Textarea
              label="Body"
              description="Sent exactly as typed, so a broken body can be tested too."
              value={body}
              onChange={(changeEvent) => setBody(changeEvent.currentTarget.value)}
              autosize
              minRows={8}
              maxRows={24}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            {redacted.length > 0 && (
              <Stack gap="xs" role="group" aria-labelledby={redactedTitleId}>
                <Text id={redactedTitleId} size="sm" fw={500}>
                  {/* A reader's built sample carries the filter's tokens as the API shows them to readers: hidden. */}
                  {source === 'last' ? 'These values were redacted in the log: ' : 'These values are hidden from you: '}
                  {redacted.map((value) => value.label).join(', ')}
                </Text>
                <Text size="xs" c="dimmed">
                  {dropEmptyHeaders
                    ? 'Type them in to send the request as it was. A header left empty is left out: the server signs the request.'
                    : 'Type them in to send the request as it was; "[REDACTED]" itself is never sent.'}
                </Text>
                {redacted.map((value) => (
                  <TextInput
                    key={value.id}
                    label={value.label}
                    value={redactedInput[value.id] ?? ''}
                    onChange={(changeEvent) => {
                      const typed = changeEvent.currentTarget.value;
                      setRedactedInput((current) => ({ ...current, [value.id]: typed }));
                    }}
                    error={
                      showMissing && missing.some((item) => item.id === value.id)
                        ? 'Type the value the sender sent.'
                        : undefined
                    }
                    spellCheck={false}
                    autoComplete="off"
                  />
                ))}
              </Stack>
            )}
            {signable && (
              // The explanation is linked, not given as the switch's description: Mantine puts that inside the
              // label, where it would become part of the switch's name.
              <Stack gap={2}>
                <Switch
                  label="Sign with the webhook's secret"
                  aria-describedby={signHelpId}
                  checked={sign}
                  disabled={!liveSecret}
                  onChange={(event) => setSign(event.currentTarget.checked)}
                />
                <Text id={signHelpId} size="xs" c="dimmed">
                  {liveSecret
                    ? `The server signs the sample with the newest live secret, as ${SCHEME_LABELS[scheme]} would (signature headers above are replaced). The secret is never shown.`
                    : 'The webhook has no live secret yet: add one under Authentication in the Settings tab.'}
                </Text>
              </Stack>
            )}
            <Group>
              <Button type="submit" loading={running} disabled={headersProblem !== undefined}>
                Run test
              </Button>
            </Group>
            {showMissing && missing.length > 0 && (
              <Alert color="red" variant="light" role="alert" title="Fill in the redacted values first">
                <List size="sm">
                  {missing.map((value) => (
                    <List.Item key={value.id}>{value.label}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="sm" aria-live="polite">
          {runError && <ErrorState error={runError} title="The test could not run" />}
          {result ? (
            <TestResultView result={result} webhookId={webhook.id} />
          ) : (
            !runError && (
              <Alert color="gray" variant="light">
                Run a test to see each filter condition, the mapped event and the response the sender would get.
              </Alert>
            )
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
