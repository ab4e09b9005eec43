import { Badge, Tooltip, VisuallyHidden, type BadgeProps } from '@mantine/core';
import type { RequestOutcome, WebhookStatus } from '../gql/graphql';

const STATUS_COLORS: Record<WebhookStatus, string> = { ACTIVE: 'green', INACTIVE: 'gray', ARCHIVED: 'dark' };
const STATUS_LABELS: Record<WebhookStatus, string> = { ACTIVE: 'Active', INACTIVE: 'Inactive', ARCHIVED: 'Archived' };

export function StatusBadge({ status, ...props }: { status: WebhookStatus } & BadgeProps) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" {...props}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export const OUTCOME_LABELS: Record<RequestOutcome, string> = {
  PROCESSED: 'Processed',
  FILTERED: 'Filtered out',
  INVALID_REQUEST: 'Invalid request',
  INVALID_EVENT: 'Invalid event',
  NOT_ROUTABLE: 'Not routable',
  FAILED: 'Failed',
  UNAUTHENTICATED: 'Unauthenticated',
  DUPLICATE: 'Duplicate',
};

const OUTCOME_COLORS: Record<RequestOutcome, string> = {
  PROCESSED: 'green',
  FILTERED: 'yellow',
  INVALID_REQUEST: 'orange',
  INVALID_EVENT: 'orange',
  NOT_ROUTABLE: 'gray',
  FAILED: 'red',
  UNAUTHENTICATED: 'red',
  DUPLICATE: 'blue',
};

export function OutcomeBadge({ outcome, ...props }: { outcome: RequestOutcome } & BadgeProps) {
  return (
    // Never cut short ("UNAUTHENT…"): a narrow table column must leave the outcome whole.
    <Badge color={OUTCOME_COLORS[outcome]} variant="light" miw="max-content" {...props}>
      {OUTCOME_LABELS[outcome]}
    </Badge>
  );
}

export function StatusCodeBadge({ statusCode, ...props }: { statusCode: number } & BadgeProps) {
  const color = statusCode < 300 ? 'green' : statusCode < 500 ? 'orange' : 'red';
  return (
    <Badge color={color} variant="outline" ff="monospace" {...props}>
      {statusCode}
    </Badge>
  );
}

/** What a webhook with the scheme NONE is, wherever it is shown. */
const UNVERIFIED_REASON = 'anyone who knows the URL can send';
export const UNVERIFIED_WARNING = `Unverified: ${UNVERIFIED_REASON}`;

/** Marks a webhook that verifies no sender (scheme NONE); the whole warning is its tooltip and what screen readers read. */
export function UnverifiedBadge(props: BadgeProps) {
  return (
    <Tooltip label={UNVERIFIED_WARNING} withArrow>
      <Badge color="orange" variant="light" data-testid="unverified-badge" {...props}>
        Unverified<VisuallyHidden>: {UNVERIFIED_REASON}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
