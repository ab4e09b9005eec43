import { BarChart, LineChart } from '@mantine/charts';
import {
  Box,
  Button,
  ColorSwatch,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
  getThemeColor,
  useMantineTheme,
} from '@mantine/core';
import { useDocumentVisibility } from '@mantine/hooks';
import { useEffect, useEffectEvent, useId, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { StatsInterval } from '../../../gql/graphql';
import {
  DEFAULT_PERIOD,
  ERROR_RATE_DEFINITION,
  OUTCOME_CLASS_INFO,
  OUTCOME_CLASSES,
  STATS_PERIODS,
  axisTick,
  bucketLabel,
  formatCount,
  formatErrorRate,
  formatLatency,
  intervalNoun,
  sameWindow,
  statsWindow,
  summarize,
  timeAxisLabel,
  type StatsBucket,
  type StatsPeriod,
  type StatsSummary,
} from './stats-model';

const WebhookStatsQuery = graphql(`
  query WebhookStats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {
    webhook(id: $id) {
      id
      stats(from: $from, to: $to, interval: $interval) {
        start
        total
        processed
        filtered
        duplicate
        invalid
        rejected
        failed
        p50Ms
        p95Ms
      }
    }
  }
`);

/** While the page is visible; a hidden tab asks nothing. */
const REFRESH_MS = 30_000;

const PERIOD_OPTIONS = (Object.keys(STATS_PERIODS) as StatsPeriod[]).map((value) => ({
  value,
  label: STATS_PERIODS[value].label,
}));

const CHART_HEIGHT = 200;

/**
 * A webhook's volume by outcome and latency over a chosen period, from the stats rollup. Lazy-loaded with the
 * chart library, so that only this section pays for it.
 */
export default function WebhookStats({ webhookId }: { webhookId: string }) {
  const headingId = useId();
  const [period, setPeriod] = useState<StatsPeriod>(DEFAULT_PERIOD);
  const [asked, setAsked] = useState(() => statsWindow(DEFAULT_PERIOD, new Date()));
  // urql keeps the previous answer while one for new variables loads: switching the period or moving on to the
  // next bucket does not blank the charts.
  const [{ data, fetching, error, operation }, reexecute] = useQuery({
    query: WebhookStatsQuery,
    variables: { id: webhookId, ...asked },
    requestPolicy: 'cache-and-network',
  });

  /** The same window asked again, or the next one once a new bucket has begun. */
  function refresh() {
    const next = statsWindow(period, new Date());
    if (sameWindow(next, asked)) reexecute({ requestPolicy: 'network-only' });
    else setAsked(next);
  }
  const onTick = useEffectEvent(refresh);
  const visibility = useDocumentVisibility();
  useEffect(() => {
    if (visibility !== 'visible') return;
    const timer = setInterval(() => onTick(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [visibility]);

  function choosePeriod(value: string) {
    const next = value as StatsPeriod;
    setPeriod(next);
    setAsked(statsWindow(next, new Date()));
  }

  const buckets = data?.webhook?.stats;
  // The buckets on screen may still be the previous period's: label them by the interval they were asked with.
  const shownInterval = (operation?.variables as { interval?: StatsInterval } | undefined)?.interval ?? asked.interval;

  let body;
  if (!buckets) {
    if (error)
      body = (
        <ErrorState
          error={error}
          title="Could not load the statistics"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      );
    else body = <LoadingState label="Loading statistics" />;
  } else {
    body = <StatsView buckets={buckets} interval={shownInterval} />;
  }

  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId} aria-busy={fetching}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <div>
            <Title order={2} size="h4" id={headingId}>
              Statistics
            </Title>
            <Text size="sm" c="dimmed">
              {STATS_PERIODS[period].description}; updated every 30 s while this page is open.
            </Text>
          </div>
          <Group gap="sm">
            {/* Room kept for the loader, so nothing moves when a refresh starts or ends. */}
            <Box w={16} display="flex">
              {fetching && <Loader size={14} aria-hidden />}
            </Box>
            <SegmentedControl
              aria-label="Period"
              size="xs"
              data={PERIOD_OPTIONS}
              value={period}
              onChange={choosePeriod}
            />
            {/* Not `loading`: that disables the button, and a refresh every 30 s would take the focus away. */}
            <Button variant="default" size="xs" onClick={refresh}>
              Refresh
            </Button>
          </Group>
        </Group>
        {buckets && error && <ErrorState error={error} title="Could not refresh the statistics" />}
        {body}
      </Stack>
    </Paper>
  );
}

function StatsView({ buckets, interval }: { buckets: StatsBucket[]; interval: StatsInterval }) {
  const summary = useMemo(() => summarize(buckets), [buckets]);
  if (summary.total === 0) {
    return (
      <EmptyView
        title="No requests in this period"
        description="Requests to this webhook's URL are counted here as they arrive."
      />
    );
  }
  return (
    <Stack gap="md">
      <Figures summary={summary} interval={interval} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <VolumeChart buckets={buckets} interval={interval} summary={summary} />
        <LatencyChart buckets={buckets} interval={interval} />
      </SimpleGrid>
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function Figures({ summary, interval }: { summary: StatsSummary; interval: StatsInterval }) {
  return (
    <Stack gap={4}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" aria-label="Period summary" role="group">
        <Figure label="Requests" value={formatCount(summary.total)} testId="stats-total" />
        <Figure label="Processed" value={formatCount(summary.processed)} testId="stats-processed" />
        <Figure
          label="Error rate"
          value={`${formatErrorRate(summary.errorRate)} (${formatCount(summary.errors)})`}
          testId="stats-error-rate"
        />
        <Figure
          label={`Highest p95 of any ${intervalNoun(interval)}`}
          value={formatLatency(summary.maxBucketP95Ms)}
          testId="stats-max-p95"
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {ERROR_RATE_DEFINITION} A period's own p95 cannot be added up from its {intervalNoun(interval)}s, so the highest{' '}
        {intervalNoun(interval)} is shown. Latencies are estimates within 25 %.
      </Text>
    </Stack>
  );
}

/** The legend, with each class's count: names and numbers carry what the colours show. */
function OutcomeLegend({ summary }: { summary: StatsSummary }) {
  const theme = useMantineTheme();
  return (
    <Group
      component="ul"
      gap="sm"
      aria-label="Requests by outcome"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {OUTCOME_CLASSES.map((name) => (
        <Group component="li" key={name} gap={6} wrap="nowrap" title={OUTCOME_CLASS_INFO[name].outcomes}>
          <ColorSwatch
            color={getThemeColor(OUTCOME_CLASS_INFO[name].color, theme)}
            size={10}
            withShadow={false}
            aria-hidden
          />
          <Text size="sm" data-testid={`stats-class-${name}`}>
            {OUTCOME_CLASS_INFO[name].label}: {formatCount(summary[name])}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

function ChartFigure({ title, children }: { title: string; children: ReactNode }) {
  const captionId = useId();
  return (
    <Box component="figure" m={0} aria-labelledby={captionId}>
      <Text component="figcaption" id={captionId} size="sm" fw={600} mb="xs">
        {title}
      </Text>
      {children}
    </Box>
  );
}

/** The x value of the hovered bucket (its start, in ms) as a full date and time. */
function tooltipLabel(label: ReactNode, interval: StatsInterval): ReactNode {
  return typeof label === 'number' ? bucketLabel(label, interval) : label;
}

function chartData(buckets: StatsBucket[]) {
  return buckets.map((bucket) => ({ ...bucket, time: Date.parse(bucket.start) }));
}

function VolumeChart({
  buckets,
  interval,
  summary,
}: {
  buckets: StatsBucket[];
  interval: StatsInterval;
  summary: StatsSummary;
}) {
  const data = useMemo(() => chartData(buckets), [buckets]);
  const title = `Requests per ${intervalNoun(interval)} by outcome`;
  return (
    <ChartFigure title={title}>
      <Stack gap="xs">
        <OutcomeLegend summary={summary} />
        <BarChart
          h={CHART_HEIGHT}
          data={data}
          dataKey="time"
          type="stacked"
          series={OUTCOME_CLASSES.map((name) => ({
            name,
            label: OUTCOME_CLASS_INFO[name].label,
            color: OUTCOME_CLASS_INFO[name].color,
          }))}
          barChartProps={{ title, desc: `${formatCount(summary.total)} requests; the table below has the figures.` }}
          xAxisProps={{ tickFormatter: (time: number) => axisTick(time, interval, buckets.length), minTickGap: 16 }}
          yAxisProps={{ allowDecimals: false }}
          tooltipProps={{ labelFormatter: (label: ReactNode) => tooltipLabel(label, interval) }}
          valueFormatter={formatCount}
          xAxisLabel={timeAxisLabel(interval)}
          tooltipAnimationDuration={0}
        />
        <BucketTable buckets={buckets} interval={interval} />
      </Stack>
    </ChartFigure>
  );
}

function LatencyChart({ buckets, interval }: { buckets: StatsBucket[]; interval: StatsInterval }) {
  const data = useMemo(() => chartData(buckets), [buckets]);
  const title = `Latency per ${intervalNoun(interval)} (p50 and p95)`;
  return (
    <ChartFigure title={title}>
      <LineChart
        h={CHART_HEIGHT}
        data={data}
        dataKey="time"
        series={[
          { name: 'p50Ms', label: 'p50 (median)', color: 'indigo.6' },
          { name: 'p95Ms', label: 'p95', color: 'grape.6', strokeDasharray: '5 3' },
        ]}
        withLegend
        legendProps={{ verticalAlign: 'top', height: 32 }}
        lineChartProps={{ title, desc: 'Empty buckets leave gaps; the table under the volume chart has the figures.' }}
        // Empty buckets have no latency: a gap, not a line drawn through them.
        connectNulls={false}
        dotProps={{ r: 2 }}
        activeDotProps={{ r: 4 }}
        curveType="linear"
        xAxisProps={{ tickFormatter: (time: number) => axisTick(time, interval, buckets.length), minTickGap: 16 }}
        tooltipProps={{ labelFormatter: (label: ReactNode) => tooltipLabel(label, interval) }}
        valueFormatter={(value) => formatLatency(value)}
        // The axis starts at 0, which is not "< 1 ms".
        yAxisProps={{ tickFormatter: (value: number) => (value === 0 ? '0 ms' : formatLatency(value)) }}
        xAxisLabel={timeAxisLabel(interval)}
        tooltipAnimationDuration={0}
      />
    </ChartFigure>
  );
}

/** The charts' figures for screen readers: every bucket that had requests. */
function BucketTable({ buckets, interval }: { buckets: StatsBucket[]; interval: StatsInterval }) {
  const busy = buckets.filter((bucket) => bucket.total > 0);
  return (
    <VisuallyHidden>
      <Table>
        <Table.Caption>
          {`${busy.length} ${intervalNoun(interval)}${busy.length === 1 ? '' : 's'} with requests; the others had none.`}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{interval === 'DAY' ? 'Day' : 'Time'}</Table.Th>
            <Table.Th scope="col">Requests</Table.Th>
            {OUTCOME_CLASSES.map((name) => (
              <Table.Th scope="col" key={name}>
                {OUTCOME_CLASS_INFO[name].label}
              </Table.Th>
            ))}
            <Table.Th scope="col">p50</Table.Th>
            <Table.Th scope="col">p95</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {busy.map((bucket) => (
            <Table.Tr key={bucket.start}>
              <Table.Th scope="row">{bucketLabel(Date.parse(bucket.start), interval)}</Table.Th>
              <Table.Td>{formatCount(bucket.total)}</Table.Td>
              {OUTCOME_CLASSES.map((name) => (
                <Table.Td key={name}>{formatCount(bucket[name])}</Table.Td>
              ))}
              <Table.Td>{formatLatency(bucket.p50Ms)}</Table.Td>
              <Table.Td>{formatLatency(bucket.p95Ms)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}
