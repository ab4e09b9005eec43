import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  gql,
  startTestApp,
  type GraphQLResult,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

let t: TestApp;
let db: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  db = new pg.Client({ connectionString: t.database.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) {
  role account { id slug name } user { id email role } apiKey { id } } }`;
const ME = `query { me { role account { id slug } user { email } apiKey { id name role } } }`;
const LOGOUT = `mutation { logout }`;
const API_KEYS = `query { apiKeys { id name prefix role createdAt lastUsedAt revokedAt } }`;
const CREATE_KEY = `mutation ($name: String!, $role: Role) { createApiKey(name: $name, role: $role) {
  secret apiKey { id name prefix role createdAt lastUsedAt revokedAt } } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

function expectError(result: GraphQLResult, code: string, field?: string) {
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  expect(result.errors![0]!.extensions.code, JSON.stringify(result.errors)).toBe(code);
  if (field !== undefined) expect(result.errors![0]!.extensions.field).toBe(field);
  return result.errors![0]!;
}

function sessionCookie(result: GraphQLResult): string | undefined {
  return result.headers.getSetCookie().find((c) => c.startsWith('intake_session='));
}

async function login(tenant: TestTenant): Promise<{ cookie: string; header: string; token: string }> {
  const result = await gql(t.url, LOGIN, { email: tenant.email, password: tenant.password });
  ok(result);
  const header = sessionCookie(result);
  expect(header).toBeDefined();
  const cookie = header!.split(';')[0]!;
  return { cookie, header: header!, token: decodeURIComponent(cookie.slice('intake_session='.length)) };
}

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie for the whole site and answers the viewer', async () => {
    const tenant = await createTenant(t.deps);
    const result = await gql(t.url, LOGIN, { email: tenant.email, password: tenant.password });
    expect(ok(result).login).toEqual({
      role: 'ADMIN',
      account: { id: tenant.accountId, slug: tenant.slug, name: `Account ${tenant.slug}` },
      user: { id: expect.any(String), email: tenant.email, role: 'ADMIN' },
      apiKey: null,
    });
    const header = sessionCookie(result)!;
    expect(header).toBeDefined();
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    expect(pair!.length).toBeGreaterThan('intake_session='.length + 20);
    const lower = attributes.map((a) => a.toLowerCase());
    expect(lower).toContain('httponly');
    expect(lower).toContain('samesite=strict');
    expect(lower).toContain('path=/');
    const expires = attributes.find((a) => a.toLowerCase().startsWith('expires='));
    expect(expires).toBeDefined();
    expect(Date.parse(expires!.slice('expires='.length))).toBeGreaterThan(Date.now());
    // The test server's public URL is http://, so the cookie must not be Secure (the browser would drop it).
    expect(lower).not.toContain('secure');
  });

  it('the cookie authenticates me as the user', async () => {
    const tenant = await createTenant(t.deps);
    const { cookie } = await login(tenant);
    expect(ok(await gql(t.url, ME, {}, { cookie })).me).toEqual({
      role: 'ADMIN',
      account: { id: tenant.accountId, slug: tenant.slug },
      user: { email: tenant.email },
      apiKey: null,
    });
  });

  it('the email is matched case-insensitively and trimmed', async () => {
    const tenant = await createTenant(t.deps);
    const result = await gql(t.url, LOGIN, { email: `  ${tenant.email.toUpperCase()} `, password: tenant.password });
    expect(ok(result).login.user.email).toBe(tenant.email);
    expect(sessionCookie(result)).toBeDefined();
  });

  it.each([
    ['a wrong password', (tn: TestTenant) => ({ email: tn.email, password: 'correct horse battery stapler' })],
    ['an empty password', (tn: TestTenant) => ({ email: tn.email, password: '' })],
    ['an unknown email', (tn: TestTenant) => ({ email: `nobody@${tn.slug}.test`, password: tn.password })],
  ])('%s is UNAUTHENTICATED and sets no cookie', async (_label, credentials) => {
    const tenant = await createTenant(t.deps);
    const result = await gql(t.url, LOGIN, credentials(tenant));
    const error = expectError(result, 'UNAUTHENTICATED');
    expect(error.message).toBe('The email or password is wrong.');
    expect(result.data).toBeNull();
    expect(result.headers.getSetCookie()).toEqual([]);
  });

  it('each login is a session of its own', async () => {
    const tenant = await createTenant(t.deps);
    const a = await login(tenant);
    const b = await login(tenant);
    expect(a.token).not.toBe(b.token);
    ok(await gql(t.url, LOGOUT, {}, { cookie: a.cookie }));
    expectError(await gql(t.url, ME, {}, { cookie: a.cookie }), 'UNAUTHENTICATED');
    expect(ok(await gql(t.url, ME, {}, { cookie: b.cookie })).me.user.email).toBe(tenant.email);
  });

  it('an expired session no longer authenticates', async () => {
    const tenant = await createTenant(t.deps);
    const { cookie } = await login(tenant);
    ok(await gql(t.url, ME, {}, { cookie }));
    await db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM admin_users WHERE email = $1)`,
      [tenant.email],
    );
    expectError(await gql(t.url, ME, {}, { cookie }), 'UNAUTHENTICATED');
  });

  it('a forged cookie is UNAUTHENTICATED', async () => {
    expectError(
      await gql(t.url, ME, {}, { cookie: 'intake_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      'UNAUTHENTICATED',
    );
    expectError(await gql(t.url, ME, {}, { cookie: 'intake_session=short' }), 'UNAUTHENTICATED');
  });
});

describe('logout', () => {
  it('clears the cookie and ends the session server-side: the old cookie stops working', async () => {
    const tenant = await createTenant(t.deps);
    const { cookie } = await login(tenant);
    const sessionsOf = async () =>
      (
        await db.query(
          'SELECT count(*)::int AS n FROM sessions s JOIN admin_users u ON u.id = s.user_id WHERE u.email = $1',
          [tenant.email],
        )
      ).rows[0].n as number;
    expect(await sessionsOf()).toBe(1);
    const result = await gql(t.url, LOGOUT, {}, { cookie });
    expect(ok(result).logout).toBe(true);
    const cleared = sessionCookie(result);
    expect(cleared).toBeDefined();
    expect(cleared!.split(';')[0]).toBe('intake_session=');
    const expires = cleared!
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.toLowerCase().startsWith('expires='));
    expect(Date.parse(expires!.slice('expires='.length))).toBeLessThan(Date.now());

    // A client that ignores the clearing header and replays the old cookie is refused.
    const replay = await gql(t.url, ME, {}, { cookie });
    expectError(replay, 'UNAUTHENTICATED');
    expect(await sessionsOf()).toBe(0);
  });

  it('needs to be signed in', async () => {
    expectError(await gql(t.url, LOGOUT), 'UNAUTHENTICATED');
  });
});

describe('API keys', () => {
  it('the Bearer key authenticates me as the key, in its account, with its role', async () => {
    const tenant = await createTenant(t.deps);
    expect(ok(await gql(t.url, ME, {}, { apiKey: tenant.adminKey })).me).toMatchObject({
      role: 'ADMIN',
      account: { id: tenant.accountId },
      user: null,
      apiKey: { name: 'admin key', role: 'ADMIN' },
    });
    expect(ok(await gql(t.url, ME, {}, { apiKey: tenant.readerKey })).me).toMatchObject({
      role: 'READER',
      apiKey: { name: 'reader key' },
    });
  });

  it('createApiKey returns the secret once; apiKeys never exposes it', async () => {
    const tenant = await createTenant(t.deps);
    const created = ok(
      await gql(t.url, CREATE_KEY, { name: '  CI deploys  ' }, { apiKey: tenant.adminKey }),
    ).createApiKey;
    expect(created.apiKey).toMatchObject({ name: 'CI deploys', role: 'ADMIN', lastUsedAt: null, revokedAt: null });
    expect(created.secret).toMatch(new RegExp(`^ik_${created.apiKey.prefix}_[A-Za-z0-9_-]{43}$`));

    const listed = await gql(t.url, API_KEYS, {}, { apiKey: tenant.adminKey });
    const keys = ok(listed).apiKeys as { id: string; prefix: string }[];
    expect(keys.map((k) => k.id)).toContain(created.apiKey.id);
    const secretPart = created.secret.split('_').slice(2).join('_');
    expect(JSON.stringify(listed.data)).not.toContain(secretPart);

    // Nothing in the schema can read a key's secret or hash back.
    expectError(
      await gql(t.url, 'query { apiKeys { secret } }', {}, { apiKey: tenant.adminKey }),
      'GRAPHQL_VALIDATION_FAILED',
    );
    const introspection = ok(
      await gql(t.url, 'query { __type(name: "ApiKey") { fields { name } } }', {}, { apiKey: tenant.adminKey }),
    );
    const fieldNames = introspection.__type.fields.map((f: { name: string }) => f.name.toLowerCase());
    expect(fieldNames.filter((n: string) => n.includes('secret') || n.includes('hash'))).toEqual([]);

    // The new key works.
    expect(ok(await gql(t.url, ME, {}, { apiKey: created.secret })).me.apiKey.id).toBe(created.apiKey.id);
  });

  it('a READER key can be created and can only read', async () => {
    const tenant = await createTenant(t.deps);
    const { secret, apiKey } = ok(
      await gql(t.url, CREATE_KEY, { name: 'dashboard', role: 'READER' }, { apiKey: tenant.adminKey }),
    ).createApiKey;
    expect(apiKey.role).toBe('READER');
    expect(ok(await gql(t.url, ME, {}, { apiKey: secret })).me.role).toBe('READER');
    expectError(await gql(t.url, CREATE_KEY, { name: 'escalate' }, { apiKey: secret }), 'FORBIDDEN');
    expectError(await gql(t.url, API_KEYS, {}, { apiKey: secret }), 'FORBIDDEN');
  });

  it('a key needs a name', async () => {
    const tenant = await createTenant(t.deps);
    expectError(await gql(t.url, CREATE_KEY, { name: '   ' }, { apiKey: tenant.adminKey }), 'BAD_USER_INPUT', 'name');
    expectError(
      await gql(t.url, CREATE_KEY, { name: 'k'.repeat(101) }, { apiKey: tenant.adminKey }),
      'BAD_USER_INPUT',
      'name',
    );
  });

  it('lastUsedAt is set once the key is used', async () => {
    const tenant = await createTenant(t.deps);
    const { secret, apiKey } = ok(
      await gql(t.url, CREATE_KEY, { name: 'used later' }, { apiKey: tenant.adminKey }),
    ).createApiKey;
    const find = async () =>
      (
        ok(await gql(t.url, API_KEYS, {}, { apiKey: tenant.adminKey })).apiKeys as {
          id: string;
          lastUsedAt: string | null;
          createdAt: string;
        }[]
      ).find((k) => k.id === apiKey.id)!;
    expect((await find()).lastUsedAt).toBeNull();
    ok(await gql(t.url, ME, {}, { apiKey: secret }));
    const used = await find();
    expect(used.lastUsedAt).not.toBeNull();
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(used.createdAt));
  });

  it('a revoked key stops working immediately; revoking twice is harmless', async () => {
    const tenant = await createTenant(t.deps);
    const { secret, apiKey } = ok(
      await gql(t.url, CREATE_KEY, { name: 'to revoke' }, { apiKey: tenant.adminKey }),
    ).createApiKey;
    ok(await gql(t.url, ME, {}, { apiKey: secret }));
    const revoked = ok(await gql(t.url, REVOKE_KEY, { id: apiKey.id }, { apiKey: tenant.adminKey })).revokeApiKey;
    expect(revoked.id).toBe(apiKey.id);
    expect(revoked.revokedAt).not.toBeNull();

    const after = await gql(t.url, ME, {}, { apiKey: secret });
    expectError(after, 'UNAUTHENTICATED');
    expectError(await gql(t.url, CREATE_KEY, { name: 'x' }, { apiKey: secret }), 'UNAUTHENTICATED');

    const again = ok(await gql(t.url, REVOKE_KEY, { id: apiKey.id }, { apiKey: tenant.adminKey })).revokeApiKey;
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const listed = (
      ok(await gql(t.url, API_KEYS, {}, { apiKey: tenant.adminKey })).apiKeys as {
        id: string;
        revokedAt: string | null;
      }[]
    ).find((k) => k.id === apiKey.id)!;
    expect(listed.revokedAt).toBe(revoked.revokedAt);
  });

  it('a key can revoke itself, and is refused from then on', async () => {
    const tenant = await createTenant(t.deps);
    const { secret, apiKey } = ok(
      await gql(t.url, CREATE_KEY, { name: 'self' }, { apiKey: tenant.adminKey }),
    ).createApiKey;
    ok(await gql(t.url, REVOKE_KEY, { id: apiKey.id }, { apiKey: secret }));
    expectError(await gql(t.url, ME, {}, { apiKey: secret }), 'UNAUTHENTICATED');
  });

  it.each([
    ['an unknown key of the right shape', `ik_${'a'.repeat(12)}_${'b'.repeat(43)}`],
    ['a malformed key', 'not-a-key'],
    ['a known prefix with a wrong secret', 'WRONG_SECRET'],
  ])('%s is UNAUTHENTICATED', async (_label, key) => {
    const tenant = await createTenant(t.deps);
    const apiKey = key === 'WRONG_SECRET' ? `${tenant.adminKey.slice(0, 16)}${'x'.repeat(43)}` : key;
    expectError(await gql(t.url, ME, {}, { apiKey }), 'UNAUTHENTICATED');
  });

  it('an Authorization header that is not Bearer is refused, even next to a valid cookie', async () => {
    const tenant = await createTenant(t.deps);
    const { cookie } = await login(tenant);
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
        cookie,
      },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('secrets at rest', () => {
  it('api_keys stores no key in plain text', async () => {
    const tenant = await createTenant(t.deps);
    const { secret } = ok(await gql(t.url, CREATE_KEY, { name: 'at rest' }, { apiKey: tenant.adminKey })).createApiKey;
    const secretPart = secret.split('_').slice(2).join('_');
    const { rows } = await db.query('SELECT * FROM api_keys WHERE account_id = $1', [tenant.accountId]);
    expect(rows).toHaveLength(3);
    const dump = JSON.stringify(rows);
    for (const key of [secret, tenant.adminKey, tenant.readerKey]) {
      expect(dump).not.toContain(key);
      expect(dump).not.toContain(key.split('_').slice(2).join('_'));
    }
    expect(dump).not.toContain(secretPart);
    for (const row of rows) expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('admin_users stores the password as an argon2 hash', async () => {
    const tenant = await createTenant(t.deps);
    const { rows } = await db.query('SELECT * FROM admin_users WHERE account_id = $1', [tenant.accountId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(tenant.password);
    expect(rows[0].password_hash).toMatch(/^\$argon2id?\$/);
  });

  it('sessions store no token in plain text', async () => {
    const tenant = await createTenant(t.deps);
    const { token } = await login(tenant);
    const { rows } = await db.query(
      'SELECT s.* FROM sessions s JOIN admin_users u ON u.id = s.user_id WHERE u.email = $1',
      [tenant.email],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
