import { Alert, Anchor, List, Text } from '@mantine/core';
import type { Ref } from 'react';
import type { FieldErrors } from '../../../lib/graphql-errors';
import { describeFieldPath } from './field-labels';

interface ErrorSummaryProps {
  fieldErrors: FieldErrors;
  /** Errors that name no field (a network failure, a role that may not edit). */
  generalError?: string;
  ref?: Ref<HTMLDivElement>;
  /** Leads to the input at `path`: each listed problem is a link to its field. */
  onSelect?: (path: string) => void;
}

/**
 * All problems in one list at the top, focused after a failed save so keyboard and screen-reader users learn what
 * to fix; each problem is also shown at its own input, and its name here leads there.
 */
export function ErrorSummary({ fieldErrors, generalError, ref, onSelect }: ErrorSummaryProps) {
  const entries = Object.entries(fieldErrors);
  if (entries.length === 0 && !generalError) return null;
  return (
    <Alert ref={ref} tabIndex={-1} color="red" title="The webhook was not saved" role="alert">
      {generalError && <Text size="sm">{generalError}</Text>}
      {entries.length > 0 && (
        <List size="sm" mt={generalError ? 'xs' : 0}>
          {entries.map(([path, message]) => (
            <List.Item key={path}>
              {onSelect ? (
                // A button styled as a link: it moves the focus within the page rather than navigating.
                <Anchor component="button" type="button" size="sm" onClick={() => onSelect(path)}>
                  <Text span fw={500} size="sm" inherit>
                    {describeFieldPath(path)}:
                  </Text>{' '}
                  {message}
                </Anchor>
              ) : (
                <>
                  <Text span fw={500} size="sm">
                    {describeFieldPath(path)}:
                  </Text>{' '}
                  {message}
                </>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
