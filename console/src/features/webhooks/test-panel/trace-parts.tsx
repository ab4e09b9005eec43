import { List, Text, type ListProps } from '@mantine/core';
import { formatJsonValue } from '../../../lib/format';

/** A mapping row of a dry run's trace, as far as its value's display needs it. */
interface MappedRow {
  expression?: string | null;
  found: boolean;
  usedDefault: boolean;
  value?: unknown;
}

/** What a mapping row wrote, for the trace: its value, or why it wrote none. */
export function mappedValue(row: MappedRow): string {
  if (row.expression != null) return row.value == null && !row.usedDefault ? 'nothing' : formatJsonValue(row.value);
  return row.found || row.usedDefault ? formatJsonValue(row.value) : 'missing';
}

/** The conversion's problems, one item each: the attribute, the code and the message. */
export function IssueList({
  issues,
  ...props
}: { issues: readonly { code: string; attribute: string; message: string }[] } & Omit<ListProps, 'children'>) {
  return (
    <List size="sm" {...props}>
      {issues.map((issue) => (
        <List.Item key={`${issue.code}-${issue.attribute}`}>
          <Text span ff="monospace" size="sm">
            {issue.attribute}
          </Text>{' '}
          ({issue.code}): {issue.message}
        </List.Item>
      ))}
    </List>
  );
}
