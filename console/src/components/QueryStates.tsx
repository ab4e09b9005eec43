import { Alert, Button, Center, EmptyState, Group, Loader, Text } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import type { ReactNode } from 'react';
import { describeError, hasErrorCode } from '../lib/graphql-errors';

/** The loading, error and empty states every view shows, so they look and read the same everywhere. */

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{label}…</Text>
      </Group>
    </Center>
  );
}

interface ErrorStateProps {
  error: CombinedError;
  title?: string;
  onRetry?: () => void;
}

export function ErrorState({ error, title = 'Something went wrong', onRetry }: ErrorStateProps) {
  // A READER hitting a mutation or an id from another account deserve their own words, not a generic failure.
  const heading = hasErrorCode(error, 'NOT_FOUND')
    ? 'Not found'
    : hasErrorCode(error, 'FORBIDDEN')
      ? 'Not allowed'
      : title;
  return (
    <Alert color="red" title={heading} role="alert">
      <Text size="sm">{describeError(error)}</Text>
      {onRetry && !hasErrorCode(error, 'NOT_FOUND') && (
        <Button mt="sm" size="xs" variant="light" color="red" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}

interface EmptyViewProps {
  title: string;
  /** Phrasing content only: it is rendered inside a <p>. */
  description?: ReactNode;
  /** Block content under the description, e.g. an example to copy. */
  children?: ReactNode;
  actions?: ReactNode;
}

export function EmptyView({ title, description, children, actions }: EmptyViewProps) {
  return (
    <EmptyState py="xl" title={title} description={description}>
      {children}
      {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
    </EmptyState>
  );
}
