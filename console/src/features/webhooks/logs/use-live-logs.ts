import { useMemo, useState } from 'react';
import { useSubscription, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import type { LogRowFieldsFragment } from '../../../gql/graphql';

const RequestLoggedSubscription = graphql(`
  subscription RequestLogged($webhookId: ID!) {
    requestLogged(webhookId: $webhookId) {
      ...LogRowFields
    }
  }
`);

/** Rows kept from a live session at most: older ones are in the list below them anyway (Refresh, Load more). */
export const LIVE_ROWS_KEPT = 500;

interface Received {
  /** Newest first, at most LIVE_ROWS_KEPT, each with its number in the order received. */
  rows: { log: LogRowFieldsFragment; seq: number }[];
  /** Logs received in all (rows dropped beyond the limit included). */
  total: number;
}

export interface LiveLogs {
  /** Received since Live was last turned on, newest first. */
  rows: LogRowFieldsFragment[];
  /** How many were received since then (more than `rows` past LIVE_ROWS_KEPT). */
  total: number;
  error: CombinedError | undefined;
}

/**
 * The webhook's requests as they are logged, while `enabled` (newest first); the subscription ends when disabled
 * or unmounted. urql keeps a subscription's accumulated data across a pause, so each time Live is turned on again
 * the logs received before are left out by their sequence number.
 */
export function useLiveLogs(webhookId: string, enabled: boolean): LiveLogs {
  const [{ data, error }] = useSubscription(
    { query: RequestLoggedSubscription, variables: { webhookId }, pause: !enabled },
    (previous: Received | undefined, response): Received => {
      const log = response.requestLogged;
      const kept = previous ?? { rows: [], total: 0 };
      if (kept.rows.some((row) => row.log.id === log.id)) return kept;
      const total = kept.total + 1;
      return { rows: [{ log, seq: total }, ...kept.rows].slice(0, LIVE_ROWS_KEPT), total };
    },
  );
  const total = data?.total ?? 0;
  // The count received when Live was turned on: what came before belongs to an earlier session.
  const [since, setSince] = useState({ enabled, total });
  if (enabled !== since.enabled) setSince({ enabled, total });
  const baseline = enabled && !since.enabled ? total : since.total;
  const rows = useMemo(
    () => (data?.rows ?? []).filter((row) => row.seq > baseline).map((row) => row.log),
    [data, baseline],
  );
  return enabled ? { rows, total: total - baseline, error } : { rows: [], total: 0, error: undefined };
}
