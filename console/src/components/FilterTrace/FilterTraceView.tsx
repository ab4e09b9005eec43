import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { graphql } from '../../gql';
import type { FilterTraceFieldsFragment, FilterTraceVerdict } from '../../gql/graphql';
import { formatJsonValue } from '../../lib/format';
import { OPERATORS } from '../FilterBuilder/filter-model';

/** A condition's trace, as the filter trace and the Test panel's flat list of conditions read it. */
export const ConditionTraceFields = graphql(`
  fragment ConditionTraceFields on ConditionTrace {
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
`);

/** A filter's trace as the dry run and a log's detail ask for it. */
export const FilterTraceFields = graphql(`
  fragment FilterTraceFields on FilterTrace {
    verdict
    reason
    groups {
      path
      join
      verdict
    }
    conditions {
      ...ConditionTraceFields
    }
  }
`);

type Trace = FilterTraceFieldsFragment;
type Condition = Trace['conditions'][number];

const OPERATOR_LABELS = new Map(OPERATORS.map((option) => [option.value, option.label]));

const VERDICTS: Record<FilterTraceVerdict, { label: string; color: string }> = {
  MATCHED: { label: 'Matched', color: 'green' },
  NOT_MATCHED: { label: 'Not matched', color: 'red' },
  EMPTY: { label: 'Empty', color: 'gray' },
  NOT_EVALUATED: { label: 'Not evaluated', color: 'gray' },
  UNKNOWN: { label: 'Unknown', color: 'yellow' },
};

const JOINS = { AND: 'All of these (AND)', OR: 'Any of these (OR)' } as const;

/** Where the trace comes from: the dry run of a sample, or a log evaluated again. */
export type TraceSource = 'dry-run' | 'log';

function summary(trace: Trace, source: TraceSource): string {
  switch (trace.verdict) {
    case 'MATCHED':
      return 'The filter matched.';
    case 'NOT_MATCHED':
      return source === 'log'
        ? 'The filter did not match: nothing was registered.'
        : 'The filter did not match: nothing would be registered.';
    case 'NOT_EVALUATED':
      return `The filter was not evaluated: ${trace.reason ?? 'the request was refused before it'}.`;
    default:
      return 'The log does not keep the values that decide the filter (secrets).';
  }
}

/**
 * The filter as it was evaluated, group by group: each group with its join and verdict, its conditions under it
 * (passed, failed, or not evaluated — a group decided by an earlier member stops there, as ingestion does), its
 * sub-groups nested inside.
 */
export function FilterTraceView({ trace, source }: { trace: Trace; source: TraceSource }) {
  const root = trace.groups[0];
  return (
    <Stack gap="xs">
      <Text
        size="sm"
        c={trace.verdict === 'NOT_MATCHED' ? 'red' : undefined}
        data-testid="filter-verdict"
        data-verdict={trace.verdict}
      >
        {summary(trace, source)}
      </Text>
      {source === 'log' && trace.verdict !== 'NOT_EVALUATED' && (
        <Text size="xs" c="dimmed">
          Evaluated again on the request as logged, with the filter as configured when it arrived. Values the log does
          not keep (secrets) are not evaluated.{trace.reason ? ` Here ${trace.reason}.` : ''}
        </Text>
      )}
      {root && <GroupTrace trace={trace} path={root.path} />}
    </Stack>
  );
}

function GroupTrace({ trace, path }: { trace: Trace; path: string }) {
  const group = trace.groups.find((candidate) => candidate.path === path);
  if (!group) return null;
  const verdict = VERDICTS[group.verdict];
  const conditions = trace.conditions
    .filter((condition) => condition.groupPath === path)
    .sort((a, b) => a.index - b.index);
  const children = trace.groups.filter(
    (candidate) => candidate.path.startsWith(`${path}.`) && !candidate.path.slice(path.length + 1).includes('.'),
  );
  const depth = path.split('.').length - 1;
  const name =
    depth === 0
      ? 'Filter'
      : `Group ${path
          .split('.')
          .slice(1)
          .map((n) => Number(n) + 1)
          .join('.')}`;
  return (
    <Paper
      withBorder
      p="xs"
      role="group"
      aria-label={`${name}: ${JOINS[group.join].toLowerCase()}, ${verdict.label.toLowerCase()}`}
      data-testid="filter-group"
      data-path={path}
      data-verdict={group.verdict}
      style={{ borderLeft: `4px solid var(--mantine-color-${verdict.color}-6)` }}
    >
      <Group gap="xs" mb={conditions.length + children.length > 0 ? 6 : 0}>
        <Text size="sm" fw={500}>
          {name}
        </Text>
        <Text size="sm" c="dimmed">
          {JOINS[group.join]}
        </Text>
        <Badge color={verdict.color} variant="light">
          {verdict.label}
        </Badge>
      </Group>
      <Stack gap={6}>
        {conditions.map((condition) => (
          <ConditionTrace key={`${condition.groupPath}-${condition.index}`} condition={condition} />
        ))}
        {children.map((child) => (
          <GroupTrace key={child.path} trace={trace} path={child.path} />
        ))}
      </Stack>
    </Paper>
  );
}

function ConditionTrace({ condition }: { condition: Condition }) {
  const state = !condition.evaluated ? 'not-evaluated' : condition.passed ? 'passed' : 'failed';
  const color = state === 'passed' ? 'green' : state === 'failed' ? 'red' : 'gray';
  return (
    <Paper
      data-testid="condition-trace"
      data-passed={String(condition.passed)}
      data-evaluated={String(condition.evaluated)}
      withBorder
      p="xs"
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Group gap="xs" wrap="wrap">
        <Badge color={color} variant="light">
          {state === 'passed' ? 'Passed' : state === 'failed' ? 'Failed' : 'Not evaluated'}
        </Badge>
        <Text size="sm" ff="monospace">
          {condition.attribute}
        </Text>
        <Text size="sm">{OPERATOR_LABELS.get(condition.operator) ?? condition.operator}</Text>
        {condition.expected !== null && condition.expected !== undefined && (
          <Text size="sm" ff="monospace">
            {formatJsonValue(condition.expected)}
          </Text>
        )}
      </Group>
      {condition.evaluated ? (
        <Text size="xs" c="dimmed" mt={4}>
          Actual value:{' '}
          <Text span ff="monospace" size="xs">
            {condition.found ? formatJsonValue(condition.actual) : 'missing'}
          </Text>
          {/* For a missing value the explanation is "missing" again: "missing — missing". */}
          {condition.found && condition.explanation && ` — ${condition.explanation}`}
        </Text>
      ) : (
        <Text size="xs" c="dimmed" mt={4}>
          {condition.explanation.charAt(0).toUpperCase() + condition.explanation.slice(1)}.
        </Text>
      )}
    </Paper>
  );
}
