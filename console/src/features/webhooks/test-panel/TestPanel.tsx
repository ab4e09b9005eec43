import { Alert, Button, Grid, Group, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { JsonEditor } from '../../../components/JsonEditor/JsonEditor';
import { ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { HttpMethod, TestPanelWebhookQuery, WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { jsonErrorOf, prettyJson, prettyJsonText } from '../../../lib/json-text';
import { useCanEdit } from '../../auth/viewer-context';
import { hasLiveSecret } from '../editor/verification-model';
import { SCHEME_LABELS } from '../verification-schemes';
import { buildSampleRequest } from './sample-request';
import { TestResultView } from './TestResultView';

const TestPanelWebhookQuery = graphql(`
  query TestPanelWebhook($id: ID!) {
    webhook(id: $id) {
      id
      method
      status
      filter {
        ...FilterGroupFields
      }
      mapping {
        from
        to
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
      groupPath
      index
      attribute
      operator
      expected
      actual
      found
      passed
      evaluated
      explanation
    }
    filterTrace {
      ...FilterTraceFields
    }
    mapping {
      from
      to
      found
      usedDefault
      replaced
      value
      expression
      expressionResult
    }
    mappedEvent
    convertedEvent
    issues {
      code
      attribute
      message
    }
    items {
      index
      mapping {
        from
        to
        found
        usedDefault
        replaced
        value
        expression
        expressionResult
      }
      mappedEvent
      convertedEvent
      issues {
        code
        attribute
        message
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
  query TestWebhook($id: ID!, $request: TestRequestInput!) {
    testWebhook(id: $id, request: $request) {
      ...WebhookTestResultFields
    }
  }
`);

type TestedWebhook = NonNullable<TestPanelWebhookQuery['webhook']>;

/** Samples offered in the picker; "last" only when the webhook has received something. */
type SampleSource = 'built' | 'last';

function sampleFor(source: SampleSource, webhook: TestedWebhook): { headers: string; body: string } {
  if (source === 'last' && webhook.lastRequest) {
    return {
      headers: prettyJson(webhook.lastRequest.requestHeaders ?? {}),
      body: prettyJsonText(webhook.lastRequest.requestBody ?? ''),
    };
  }
  const sample = buildSampleRequest(webhook.filter, webhook.mapping, webhook.idempotency?.key);
  return { headers: prettyJson(sample.headers), body: prettyJson(sample.body) };
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
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TestPanelWebhookQuery,
    variables: { id: webhookId },
  });

  if (!data?.webhook) {
    if (error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return fetching ? <LoadingState /> : null;
  }
  if (data.webhook.status === 'ARCHIVED') return <ArchivedNotice />;
  return <TestForm key={data.webhook.id} webhook={data.webhook} />;
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

function TestForm({ webhook }: { webhook: TestedWebhook }) {
  const client = useClient();
  const canEdit = useCanEdit();
  const initial = sampleFor('built', webhook);
  const { scheme } = webhook.verification;
  // Only admins may have the server sign (readers must not learn what a valid signature looks like).
  const signable = scheme !== 'NONE' && canEdit;
  const liveSecret = hasLiveSecret(webhook.verification.secrets);
  const [sign, setSign] = useState(signable && liveSecret);
  const signHelpId = useId();
  const [method, setMethod] = useState<HttpMethod>(webhook.method);
  const [headers, setHeaders] = useState(initial.headers);
  const [body, setBody] = useState(initial.body);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<WebhookTestResultFieldsFragment>();
  const [runError, setRunError] = useState<CombinedError>();
  const headersProblem = headersError(headers);

  const sampleOptions = [
    { value: 'built', label: 'Built from the filters and mapping' },
    ...(webhook.lastRequest ? [{ value: 'last', label: 'The last request received' }] : []),
  ];

  function applySample(source: SampleSource) {
    const sample = sampleFor(source, webhook);
    setHeaders(sample.headers);
    setBody(sample.body);
  }

  async function run(event: FormEvent) {
    event.preventDefault();
    if (headersProblem) return;
    setRunning(true);
    // Always asked anew: the same request can answer differently after the settings changed.
    const response = await client
      .query(
        TestWebhookQuery,
        {
          id: webhook.id,
          request: {
            method,
            headers: headers.trim() ? JSON.parse(headers) : {},
            body,
            ...(sign ? { signWithSecret: true } : {}),
          },
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
            <Text size="sm" c="dimmed">
              Runs the saved settings on this request. Nothing is registered and no log is written.
            </Text>
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
