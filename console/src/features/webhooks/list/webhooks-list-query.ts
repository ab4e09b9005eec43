import type { Client } from '@urql/core';
import type { WebhookStatus } from '../../../gql/graphql';
import { graphql } from '../../../gql';
import { statsWindow } from '../stats/stats-model';

/**
 * The webhooks list's query, apart from the list's chunk: the console's entry asks it while it asks who is signed
 * in, so the list's first page is on its way before the list's code has loaded (one round trip less).
 */

export const PAGE_SIZE = 25;

export const WebhookListItem = graphql(`
  fragment WebhookListItem on Webhook {
    id
    name
    method
    endpoint
    url
    action
    status
    verification {
      scheme
    }
    lastRequest {
      id
      receivedAt
      statusCode
      outcome
    }
    stats(from: $statsFrom, to: $statsTo, interval: HOUR) {
      start
      total
      invalid
      rejected
      failed
    }
  }
`);

export const WebhooksQuery = graphql(`
  query Webhooks(
    $status: WebhookStatus
    $search: String
    $first: Int
    $after: String
    $statsFrom: DateTime!
    $statsTo: DateTime!
  ) {
    webhooks(status: $status, search: $search, first: $first, after: $after) {
      nodes {
        ...WebhookListItem
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The variables of the list's first page, unfiltered, with the statistics of the last 24 hours by hour. */
export function firstPageVariables(now: Date, filters: { status?: WebhookStatus; search?: string } = {}) {
  const window = statsWindow('24h', now);
  return {
    status: filters.status,
    search: filters.search,
    first: PAGE_SIZE,
    after: null,
    statsFrom: window.from,
    statsTo: window.to,
  };
}

/**
 * Asks for the unfiltered list's first page when the console opens on the list; the list then reads it from the
 * cache, or shares the request still under way (urql deduplicates identical operations).
 */
export function prefetchWebhookList(client: Client, location: { pathname: string; search: string }): void {
  if (!['/', '/incoming-webhooks', '/incoming-webhooks/'].includes(location.pathname) || location.search !== '') return;
  void client.query(WebhooksQuery, firstPageVariables(new Date())).toPromise();
}
