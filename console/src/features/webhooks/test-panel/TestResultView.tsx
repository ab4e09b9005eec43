import type { ReactNode } from 'react';
import { Anchor, Badge, Box, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { paths } from '../../../app/paths';
import { OutcomeBadge, StatusCodeBadge } from '../../../components/Badges';
import { JsonBlock } from '../../../components/JsonBlock';
import { FilterTraceView } from '../../../components/FilterTrace/FilterTraceView';
import type { WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { formatJsonValue } from '../../../lib/format';
import { SCHEME_LABELS } from '../verification-schemes';
import { SplitItemsView } from './SplitItemsView';
import { IssueList, mappedValue } from './trace-parts';

type Result = WebhookTestResultFieldsFragment;

function TraceSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/**
 * What the test did, in the order ingestion does it: sender verification, delivery id, filters, mapping, event
 * checks, response.
 */
export function TestResultView({ result, webhookId }: { result: Result; webhookId: string }) {
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <StatusCodeBadge statusCode={result.statusCode} size="lg" />
        <OutcomeBadge outcome={result.outcome} size="lg" data-testid="test-outcome" />
        {result.errorCode && (
          <Badge variant="outline" color="gray" ff="monospace">
            {result.errorCode}
          </Badge>
        )}
      </Group>
      {result.reason && <Text size="sm">{result.reason}</Text>}
      <VerificationStep result={result} />
      <IdempotencyStep result={result} webhookId={webhookId} />
      <ConditionTraces result={result} />
      <MappingTraces result={result} />
      <EventSection result={result} />
      <SplitItemsView result={result} />
      <TraceSection title="Response">
        <Stack gap="xs">
          <Text size="sm">
            The sender would get status <b>{result.statusCode}</b> with:
          </Text>
          <JsonBlock text={result.responseBody} />
          <Text size="xs" fw={500}>
            Headers
          </Text>
          <JsonBlock value={result.responseHeaders} />
        </Stack>
      </TraceSection>
    </Stack>
  );
}

function VerificationStep({ result }: { result: Result }) {
  const step = result.verification;
  if (!step) return null;
  const scheme = SCHEME_LABELS[step.scheme];
  let verdict: ReactNode;
  if (step.scheme === 'NONE') verdict = 'Not verified: the scheme is None, so anyone who knows the URL can send.';
  else if (step.verified) {
    verdict = `Verified (${scheme})${step.signed ? ": the sample was signed with the webhook's newest secret." : '.'}`;
  } else if (step.errorCode === 'WOOCOMMERCE_PING') {
    verdict = "WooCommerce's unsigned creation ping: answered 200, nothing registered.";
  } else {
    verdict = `Refused (${scheme}): ${step.reason ?? 'the request is not from the sender.'}`;
  }
  const failed = step.scheme !== 'NONE' && !step.verified && step.errorCode !== 'WOOCOMMERCE_PING';
  return (
    <TraceSection title="Sender verification">
      <Group gap="xs" wrap="wrap">
        {failed && step.errorCode && (
          <Badge color="red" variant="light" ff="monospace">
            {step.errorCode}
          </Badge>
        )}
        <Text size="sm" c={failed ? 'red' : undefined} data-testid="verification-verdict">
          {verdict}
        </Text>
      </Group>
    </TraceSection>
  );
}

function IdempotencyStep({ result, webhookId }: { result: Result; webhookId: string }) {
  const step = result.idempotency;
  if (!step) return null;
  return (
    <TraceSection title="Delivery id">
      <Stack gap={4}>
        <Text size="sm">
          Read from <Code>{step.key}</Code>
          {step.value !== null && step.value !== undefined && (
            <>
              : <Code>{step.value}</Code>
            </>
          )}
        </Text>
        {step.problem && (
          <Text size="sm" c="red">
            {step.problem}
          </Text>
        )}
        {step.alreadyProcessed === true && (
          <Text size="sm">
            Already processed within the window: the sender would get the original answer again, and nothing would be
            registered.{' '}
            {step.originalRequestId && (
              <Anchor component={Link} to={paths.webhookLog(webhookId, step.originalRequestId)} size="sm">
                Original request
              </Anchor>
            )}
          </Text>
        )}
        {step.alreadyProcessed === false && (
          <Text size="sm" c="dimmed">
            Not processed yet: a real request with this id would be processed once.
          </Text>
        )}
      </Stack>
    </TraceSection>
  );
}

function ConditionTraces({ result }: { result: Result }) {
  return (
    <TraceSection title="Filters">
      {result.filterTrace ? (
        <FilterTraceView trace={result.filterTrace} source="dry-run" />
      ) : (
        <Text size="sm">No filter: every request passes.</Text>
      )}
    </TraceSection>
  );
}

function MappingTraces({ result }: { result: Result }) {
  if (result.mapping.length === 0) return null;
  return (
    <TraceSection title="Mapping">
      {/* Focusable: in a narrow column (the editor's drawer) the table scrolls sideways, from the keyboard too. */}
      <Box tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table verticalSpacing={4} aria-label="Mapping trace" miw={420}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Value</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.mapping.map((row) => (
              <Table.Tr key={`${row.from}->${row.to}`}>
                <Table.Td ff="monospace">{row.from}</Table.Td>
                <Table.Td ff="monospace">{row.to}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm" ff="monospace" c={row.found || row.usedDefault ? undefined : 'dimmed'}>
                      {mappedValue(row)}
                    </Text>
                    {row.usedDefault && <Badge size="xs">default</Badge>}
                    {row.replaced && <Badge size="xs">replaced</Badge>}
                  </Group>
                  {row.expression != null && (
                    <Text size="xs" ff="monospace" c="dimmed">
                      ƒx {row.expression} →{' '}
                      {row.expressionResult == null ? 'nothing' : formatJsonValue(row.expressionResult)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
    </TraceSection>
  );
}

function EventSection({ result }: { result: Result }) {
  if (result.mappedEvent === null && result.issues.length === 0) return null;
  return (
    <TraceSection title="Event">
      <Stack gap="xs">
        {result.issues.length > 0 && (
          <div role="alert">
            <Text size="sm" c="red" fw={500}>
              Validation errors
            </Text>
            <IssueList issues={result.issues} />
          </div>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <div>
            <Text size="xs" fw={500}>
              Mapped event
            </Text>
            <JsonBlock value={result.mappedEvent} emptyText="Not mapped" />
          </div>
          <div>
            <Text size="xs" fw={500}>
              After type conversion
            </Text>
            <JsonBlock value={result.convertedEvent} emptyText="Not converted" />
          </div>
        </SimpleGrid>
      </Stack>
    </TraceSection>
  );
}
