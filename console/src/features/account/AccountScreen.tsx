import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { ErrorState, LoadingState } from '../../components/QueryStates';

interface AccountScreenProps {
  title: string;
  /** What the screen is for, under its title. */
  intro: ReactNode;
  /** The button beside the title that opens the screen's create dialog. */
  action: { label: string; onClick: () => void };
  /** The list's query: until it has loaded, its error (with a retry) or that it is loading is shown instead. */
  list: { loaded: boolean; fetching: boolean; error?: CombinedError; onRetry: () => void };
  errorTitle: string;
  loadingLabel: string;
  /** The list once loaded, and the screen's dialogs. */
  children: ReactNode;
}

/** An account screen (API keys, users): a title with what it is for and one action, then a list of what it manages. */
export function AccountScreen({ title, intro, action, list, errorTitle, loadingLabel, children }: AccountScreenProps) {
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text c="dimmed" size="sm">
            {intro}
          </Text>
        </div>
        <Button onClick={action.onClick}>{action.label}</Button>
      </Group>

      {!list.loaded && list.error && <ErrorState error={list.error} title={errorTitle} onRetry={list.onRetry} />}
      {!list.loaded && !list.error && list.fetching && <LoadingState label={loadingLabel} />}
      {children}
    </Stack>
  );
}

/** The table of an account screen: its columns, then a last one (named for screen readers) for each row's actions. */
export function AccountTable({
  label,
  minWidth,
  columns,
  children,
}: {
  label: string;
  minWidth: number;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table aria-label={label} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column}>{column}</Table.Th>
            ))}
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
