import { Client, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { cacheExchange, type Cache, type CacheExchangeOpts } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { hasErrorCode } from '../lib/graphql-errors';
import { attachLiveStatus, createLiveSocket } from './live-socket';

/**
 * Types without an `id` are stored embedded in their parent (key `null`) instead of normalised, which tells
 * graphcache that is intended and silences its missing-key warnings. Event definitions are keyed by name.
 */
const embedded = () => null;
const keys: CacheExchangeOpts['keys'] = {
  Customer: (customer) => (customer.id as string | undefined) ?? null,
  EventDefinition: (definition) => (definition.name as string | undefined) ?? null,
  FilterGroup: embedded,
  FilterCondition: embedded,
  Mapping: embedded,
  ReplaceValue: embedded,
  PageInfo: embedded,
  WebhookTemplate: embedded,
  TemplateVerification: embedded,
  Verification: embedded,
  Idempotency: embedded,
  WebhookStatsBucket: embedded,
  AddedWebhookSecret: embedded,
  EventAttribute: embedded,
  ConditionTrace: embedded,
  FilterTrace: embedded,
  FilterGroupTrace: embedded,
  MappingTrace: embedded,
  EventIssue: embedded,
  WebhookTestResult: embedded,
  FieldChange: embedded,
  Viewer: embedded,
  CreatedApiKey: embedded,
  CreatedUser: embedded,
  WebhookConnection: embedded,
  RequestLogConnection: embedded,
  CustomerEventConnection: embedded,
  WebhookChangeConnection: embedded,
  CustomerConnection: embedded,
  ImportPlan: embedded,
  ImportChange: embedded,
};

/** Lists whose "Load more" asks for `after: endCursor`: the cache stitches the pages into one list. */
const resolvers: CacheExchangeOpts['resolvers'] = {
  Query: { webhooks: relayPagination(), customers: relayPagination(), requestLogs: relayPagination() },
  Webhook: { logs: relayPagination(), history: relayPagination() },
  Customer: { events: relayPagination() },
};

/** A webhook list filtered by status is stale once any webhook is created or changes status: refetch them all. */
function invalidateWebhookLists(_result: unknown, _args: unknown, cache: Cache) {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'webhooks') cache.invalidate('Query', field.fieldName, field.arguments);
  }
}

/** An applied import creates webhooks and changes others, which it names only by id: refetch them. */
function invalidateAfterImport(result: Record<string, unknown>, args: unknown, cache: Cache) {
  const plan = result.importWebhooks as { applied?: boolean; changes?: { kind: string; webhookId?: string | null }[] };
  if (!plan?.applied) return;
  invalidateWebhookLists(result, args, cache);
  for (const change of plan.changes ?? []) {
    if (change.kind === 'UPDATE' && change.webhookId) cache.invalidate({ __typename: 'Webhook', id: change.webhookId });
  }
}

/** The account screens' lists: a created key or user is fetched again with the list, a removed user leaves it. */
function invalidateField(fieldName: string) {
  return (_result: unknown, _args: unknown, cache: Cache) => cache.invalidate('Query', fieldName);
}

const updates: CacheExchangeOpts['updates'] = {
  Mutation: {
    createApiKey: invalidateField('apiKeys'),
    createUser: invalidateField('users'),
    removeUser: invalidateField('users'),
    createWebhook: invalidateWebhookLists,
    createWebhookFromBlueprint: invalidateWebhookLists,
    activateWebhook: invalidateWebhookLists,
    deactivateWebhook: invalidateWebhookLists,
    archiveWebhook: invalidateWebhookLists,
    // A renamed webhook or a new endpoint can move it in or out of a search result.
    updateWebhook: invalidateWebhookLists,
    importWebhooks: invalidateAfterImport,
  },
};

export interface UrqlClientOptions {
  /** Called whenever any operation answers UNAUTHENTICATED (no session, or it expired). */
  onUnauthenticated: () => void;
  /** Defaults to same-origin `/graphql`; the dev server proxies it to the API. */
  url?: string;
}

/**
 * The console's one urql client: normalised cache, session cookie, POST only (the API's CSRF prevention rejects
 * GET queries), subscriptions over a WebSocket at the same address (graphql-ws), and a single place that reacts to
 * an expired session.
 */
export function createUrqlClient({ onUnauthenticated, url = '/graphql' }: UrqlClientOptions): Client {
  const live = createLiveSocket({ url, onUnauthenticated });
  const client = new Client({
    url,
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      cacheExchange({ keys, resolvers, updates }),
      mapExchange({
        onError(error) {
          if (hasErrorCode(error, 'UNAUTHENTICATED')) onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe: (sink) => ({ unsubscribe: live.socket.subscribe(input, sink) }),
          };
        },
      }),
    ],
  });
  attachLiveStatus(client, live.status);
  return client;
}
