/**
 * Every URL of the console in one place. Webhook screens live under /incoming-webhooks (the module's name)
 * rather than /webhooks, which belongs to the ingestion route (`/webhooks/custom/…`): the dev proxy and the
 * production server can then send all of /webhooks to the API and every other GET to the console.
 */
const id = (value: string) => encodeURIComponent(value);

export const paths = {
  login: '/login',
  webhooks: '/incoming-webhooks',
  newWebhook: '/incoming-webhooks/new',
  newWebhookFrom: (blueprintId: string) => `/incoming-webhooks/new/${id(blueprintId)}`,
  webhook: (webhookId: string) => `/incoming-webhooks/${id(webhookId)}`,
  webhookTest: (webhookId: string) => `/incoming-webhooks/${id(webhookId)}/test`,
  webhookLogs: (webhookId: string) => `/incoming-webhooks/${id(webhookId)}/logs`,
  webhookLog: (webhookId: string, logId: string) => `/incoming-webhooks/${id(webhookId)}/logs/${id(logId)}`,
  webhookHistory: (webhookId: string) => `/incoming-webhooks/${id(webhookId)}/history`,
  logs: '/logs',
  requestLog: (logId: string) => `/logs/${id(logId)}`,
  customers: '/customers',
  customer: (customerId: string) => `/customers/${id(customerId)}`,
  customerEvent: (customerId: string, eventId: string) => `/customers/${id(customerId)}#event-${eventId}`,
  apiKeys: '/account/api-keys',
  users: '/account/users',
} as const;
