import type { MikroORM } from '@mikro-orm/postgresql';
import type { EndpointLister } from '../../application/ingestion/webhook-cache.js';

// Every endpoint of the account, whatever its webhook's status (archived ones still resolve, to be logged).
const LIST_ENDPOINTS = `SELECT coalesce(array_agg(DISTINCT w.endpoint) FILTER (WHERE w.endpoint IS NOT NULL), '{}') AS endpoints
FROM accounts a LEFT JOIN webhooks w ON w.account_id = a.id
WHERE a.slug = ?
GROUP BY a.id`;

/**
 * The ingestion cache's account directory, read through the ORM's pool rather than the ingestion pool: it is
 * read once per account and webhook change, and must not take a connection from the writes.
 */
export function accountEndpointLister(orm: MikroORM): EndpointLister {
  return async (accountSlug) => {
    const rows = await orm.em.getConnection().execute<{ endpoints: string[] }[]>(LIST_ENDPOINTS, [accountSlug]);
    return rows[0]?.endpoints ?? null;
  };
}
