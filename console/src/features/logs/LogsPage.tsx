import { REQUEST_OUTCOMES } from '@intake/rules';
import { Button, Center, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { paths } from '../../app/paths';
import { OUTCOME_LABELS } from '../../components/Badges';
import { EmptyView, ErrorState, LoadingState } from '../../components/QueryStates';
import { graphql } from '../../gql';
import type { RequestOutcome } from '../../gql/graphql';
import { useCursor } from '../../lib/use-cursor';
import { toIsoInstant } from '../webhooks/logs/LogFilters';
import { formatLogTime } from './log-format';
import { LogsTable } from './LogsTable';

const PAGE_SIZE = 50;

const RequestLogsQuery = graphql(`
  query RequestLogs($filter: RequestLogSearchInput, $first: Int, $after: String) {
    requestLogs(filter: $filter, first: $first, after: $after) {
      nodes {
        ...LogRowFields
        webhook {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      searchedBackTo
    }
  }
`);

const HOUR_MS = 60 * 60 * 1000;
/** Periods back from now; body text is searched within 7 days at most (the server's bound). */
const PERIODS = [
  { value: '1h', label: 'Last hour', ms: HOUR_MS },
  { value: '24h', label: 'Last 24 hours', ms: 24 * HOUR_MS },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * HOUR_MS },
  { value: 'all', label: 'Any time', ms: null },
  { value: 'custom', label: 'Between…', ms: null },
] as const;
type Period = (typeof PERIODS)[number]['value'];
const BODY_WINDOW_MS = 7 * 24 * HOUR_MS;
const DEFAULT_PERIOD: Period = '24h';

/** The status codes ingestion answers with (see spec/ingestion.md). */
const STATUS_CODES = ['200', '400', '401', '404', '405', '408', '413', '415', '422', '429', '503'];
const OUTCOMES = REQUEST_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] }));

/** The search as the URL keeps it (so that it can be shared, and the back button returns to it). */
interface Search {
  customer: string;
  request: string;
  outcome: string;
  status: string;
  period: Period;
  /** datetime-local texts, for a custom period. */
  from: string;
  to: string;
  text: string;
}

const EMPTY: Search = {
  customer: '',
  request: '',
  outcome: '',
  status: '',
  period: DEFAULT_PERIOD,
  from: '',
  to: '',
  text: '',
};

function searchFrom(params: URLSearchParams): Search {
  const period = params.get('period');
  return {
    customer: params.get('customer') ?? '',
    request: params.get('request') ?? '',
    outcome: params.get('outcome') ?? '',
    status: params.get('status') ?? '',
    period: PERIODS.some((p) => p.value === period) ? (period as Period) : DEFAULT_PERIOD,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    text: params.get('text') ?? '',
  };
}

function paramsFrom(search: Search): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value && !(key === 'period' && value === DEFAULT_PERIOD)) params.set(key, value.trim());
  }
  return params;
}

/** The time range a search covers, fixed when it is run (`now`), as ISO instants. */
function rangeOf(search: Search, now: number): { receivedAfter?: string; receivedBefore?: string } {
  const period = PERIODS.find((p) => p.value === search.period);
  if (period?.ms) return { receivedAfter: new Date(now - period.ms).toISOString() };
  if (search.period === 'custom') {
    return { receivedAfter: toIsoInstant(search.from), receivedBefore: toIsoInstant(search.to) };
  }
  return {};
}

/** Why body text cannot be searched in this period, or null. */
function bodyTextProblem(search: Search, now: number): string | null {
  if (!search.text.trim()) return null;
  if (search.text.trim().length < 2) return 'Give at least 2 characters.';
  const { receivedAfter, receivedBefore } = rangeOf(search, now);
  const end = receivedBefore ? Date.parse(receivedBefore) : now;
  if (!receivedAfter || end - Date.parse(receivedAfter) > BODY_WINDOW_MS) {
    return 'Bodies are searched within 7 days at most: pick a shorter period.';
  }
  return null;
}

/** The server's BAD_USER_INPUT field (`filter.customerId`) as the form field it belongs to. */
const FIELDS: Record<string, keyof Search> = {
  'filter.customerId': 'customer',
  'filter.requestId': 'request',
  'filter.statusCode': 'status',
  'filter.receivedAfter': 'from',
  'filter.receivedBefore': 'to',
  'filter.bodyContains': 'text',
};

/**
 * Every request of the account, newest first, across its webhooks: found by customer id, request id, outcome,
 * status code, time and text in the body. The form applies on Search; the URL keeps the search.
 */
export default function LogsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const applied = useMemo(() => searchFrom(searchParams), [searchParams]);
  const [draft, setDraft] = useState<Search>(applied);
  const [draftKey, setDraftKey] = useState(searchParams.toString());
  // The form follows the URL when it changes from elsewhere (back button, a link).
  if (draftKey !== searchParams.toString()) {
    setDraftKey(searchParams.toString());
    setDraft(applied);
  }
  // "Last 24 hours" is fixed when the search runs: recomputed on every render it would refetch without end.
  const [ranAt, setRanAt] = useState(() => Date.now());
  const [after, loadAfter] = useCursor(`${searchParams.toString()}@${ranAt}`);
  const problem = bodyTextProblem(applied, ranAt);
  const filter = useMemo(
    () => ({
      customerId: applied.customer || undefined,
      requestId: applied.request || undefined,
      outcome: (applied.outcome || undefined) as RequestOutcome | undefined,
      statusCode: applied.status ? Number(applied.status) : undefined,
      bodyContains: applied.text.trim() || undefined,
      ...rangeOf(applied, ranAt),
    }),
    [applied, ranAt],
  );
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RequestLogsQuery,
    variables: { filter, first: PAGE_SIZE, after },
    pause: problem !== null,
    requestPolicy: 'cache-and-network',
  });
  const logs = data?.requestLogs;
  const fieldError = (() => {
    const failure = error?.graphQLErrors.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
    const field = failure && FIELDS[String(failure.extensions.field)];
    return field
      ? { field: field === 'from' && applied.period !== 'custom' ? 'text' : field, message: failure.message }
      : null;
  })();
  const errorOf = (field: keyof Search) =>
    (field === 'text' && problem) || (fieldError?.field === field ? fieldError.message : undefined);

  const set = (field: keyof Search) => (value: string | null) =>
    setDraft((current) => ({ ...current, [field]: value ?? '' }));
  const run = (next: Search) => {
    setRanAt(Date.now());
    setSearchParams(paramsFrom(next));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(draft);
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Logs
      </Title>
      <form onSubmit={submit} aria-label="Search logs">
        <Stack gap="sm">
          <Group gap="sm" align="flex-start" wrap="wrap">
            <TextInput
              label="Customer id"
              placeholder="Exact id"
              value={draft.customer}
              onChange={(event) => set('customer')(event.currentTarget.value)}
              error={errorOf('customer')}
              w={200}
            />
            <TextInput
              label="Request id"
              placeholder="X-Request-Id"
              value={draft.request}
              onChange={(event) => set('request')(event.currentTarget.value)}
              error={errorOf('request')}
              w={300}
            />
            <Select
              label="Outcome"
              placeholder="Any"
              data={OUTCOMES}
              value={draft.outcome || null}
              onChange={set('outcome')}
              clearable
              w={180}
            />
            <Select
              label="Status code"
              placeholder="Any"
              data={STATUS_CODES}
              value={draft.status || null}
              onChange={set('status')}
              error={errorOf('status')}
              clearable
              searchable
              w={130}
            />
          </Group>
          <Group gap="sm" align="flex-start" wrap="wrap">
            <Select
              label="Period"
              data={PERIODS.map(({ value, label }) => ({ value, label }))}
              value={draft.period}
              onChange={(value) => setDraft((current) => ({ ...current, period: (value as Period) ?? DEFAULT_PERIOD }))}
              allowDeselect={false}
              w={170}
            />
            {draft.period === 'custom' && (
              <>
                <TextInput
                  label="Received after"
                  type="datetime-local"
                  value={draft.from}
                  onChange={(event) => set('from')(event.currentTarget.value)}
                  error={errorOf('from')}
                  w={220}
                />
                <TextInput
                  label="Received before"
                  type="datetime-local"
                  value={draft.to}
                  onChange={(event) => set('to')(event.currentTarget.value)}
                  error={errorOf('to')}
                  w={220}
                />
              </>
            )}
            <TextInput
              label="Text in the body"
              description="Case-insensitive, within 7 days at most"
              placeholder="e.g. order-1234"
              value={draft.text}
              onChange={(event) => set('text')(event.currentTarget.value)}
              error={errorOf('text')}
              w={260}
            />
          </Group>
          <Group gap="sm">
            <Button type="submit" loading={fetching && !logs}>
              Search
            </Button>
            <Button variant="default" onClick={() => run(EMPTY)}>
              Clear
            </Button>
            {logs && (
              <Button variant="subtle" onClick={() => run(applied)} loading={fetching && !!logs}>
                Refresh
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {!logs && error && !fieldError && (
        <ErrorState
          error={error}
          title="Could not search the logs"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {!logs && !error && !problem && (fetching || !data) && <LoadingState label="Searching logs" />}
      {logs && logs.nodes.length === 0 && !logs.pageInfo.hasNextPage && (
        <EmptyView
          title="No request matches"
          description="Widen the period, or check the customer or request id (both are exact)."
        />
      )}
      {logs && logs.nodes.length > 0 && <LogsTable logs={logs.nodes} detailPath={paths.requestLog} showWebhook />}
      {logs?.searchedBackTo && logs.pageInfo.hasNextPage && (
        <Text size="sm" c="dimmed" ta="center" role="status">
          {logs.nodes.length === 0 ? 'No match yet: searched' : 'Searched'} back to {formatLogTime(logs.searchedBackTo)}{' '}
          (a page looks at 10,000 requests at most). Load more searches further back.
        </Text>
      )}
      {logs && error && <ErrorState error={error} title="Could not load more logs" />}
      {logs?.pageInfo.hasNextPage && (
        <Center>
          <Button variant="default" loading={fetching} onClick={() => loadAfter(logs.pageInfo.endCursor)}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
