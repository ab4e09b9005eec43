import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, Sql } from '../ingestion/support.js';
import { createTenant, gql, startTestApp, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Issue 14, reads: verified API keys are cached per instance, so a polling tool's requests do not each read the
 * key; a revocation or role change made on any instance (or straight in the database, as the CLI does) reaches
 * every instance's cache through NOTIFY.
 */

class KeyReads extends DefaultLogger {
  static count = 0;
  constructor(options: LoggerOptions) {
    super(options);
  }
  override logQuery(context: LogContext): void {
    // The look-up that authenticates a key (by its prefix); `me` itself reads the key by id, which is not counted.
    if (/from "api_keys".*"prefix" = /i.test(context.query ?? '')) KeyReads.count++;
  }
}

const ME = '{ me { role } }';

describe('API keys cached across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let sql: Sql;
  let tenant: TestTenant;

  const role = async (app: TestApp, key: string) => {
    const result = await gql<{ me: { role: string } }>(app.url, ME, {}, { apiKey: key });
    return result.data?.me?.role ?? result.errors?.[0]?.extensions.code;
  };

  beforeAll(async () => {
    a = await startTestApp({ orm: { loggerFactory: (options) => new KeyReads(options) } });
    b = await startTestApp({ database: a.database });
    await Promise.all([a.ingestion.ready, b.ingestion.ready]);
    sql = new Sql(a.database.url);
    tenant = await createTenant(a.deps);
  });

  afterAll(async () => {
    await sql?.close();
    await b?.close();
    await a?.close();
  });

  it('reads a key once, then answers from the cache', async () => {
    const first = KeyReads.count;
    expect(await role(a, tenant.adminKey)).toBe('ADMIN');
    expect(KeyReads.count).toBe(first + 1);
    const before = KeyReads.count;
    for (let i = 0; i < 10; i++) expect(await role(a, tenant.adminKey)).toBe('ADMIN');
    expect(KeyReads.count).toBe(before);
    expect(a.ingestion.credentials.size).toBeGreaterThan(0);
  });

  it('sees a role changed in the database (another process) on every instance', async () => {
    expect(await role(a, tenant.readerKey)).toBe('READER');
    expect(await role(b, tenant.readerKey)).toBe('READER');
    await sql.rows(`UPDATE api_keys SET role = 'ADMIN' WHERE account_id = $1 AND name = 'reader key'`, [
      tenant.accountId,
    ]);
    await eventually(async () => expect(await role(a, tenant.readerKey)).toBe('ADMIN'), 1_000);
    await eventually(async () => expect(await role(b, tenant.readerKey)).toBe('ADMIN'), 1_000);
  });

  it('refuses a key revoked on one instance at once there, and on the other within its notification', async () => {
    const victim = await createTenant(a.deps);
    expect(await role(a, victim.adminKey)).toBe('ADMIN');
    expect(await role(b, victim.adminKey)).toBe('ADMIN');
    const keys = await gql<{ apiKeys: { id: string; name: string }[] }>(
      a.url,
      '{ apiKeys { id name } }',
      {},
      { apiKey: victim.adminKey },
    );
    const readerKeyId = keys.data!.apiKeys.find((k) => k.name === 'reader key')!.id;
    expect(await role(b, victim.readerKey)).toBe('READER');
    const revoked = await gql(
      a.url,
      'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      { id: readerKeyId },
      { apiKey: victim.adminKey },
    );
    expect(revoked.errors).toBeUndefined();
    expect(await role(a, victim.readerKey)).toBe('UNAUTHENTICATED');
    await eventually(async () => expect(await role(b, victim.readerKey)).toBe('UNAUTHENTICATED'), 1_000);
    // The account's other key is unaffected.
    expect(await role(b, victim.adminKey)).toBe('ADMIN');
  });
});
