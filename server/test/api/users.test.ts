import { describe, expect, it } from 'vitest';
import { createTenant, expectError, gql, ok, useTestApp, type TestTenant } from '../support/test-app.js';

/** Console users of an account, managed by its admins: list, create (invite), change role, remove. */

const t = useTestApp();

const USERS = `query { users { id email role createdAt } }`;
const CREATE_USER = `mutation ($email: String!, $role: Role!) { createUser(email: $email, role: $role) {
  password user { id email role createdAt } } }`;
const REMOVE_USER = `mutation ($id: ID!) { removeUser(id: $id) { id email } }`;
const CHANGE_ROLE = `mutation ($id: ID!, $role: Role!) { changeUserRole(id: $id, role: $role) { id role } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { role } }`;
const ME = `query { me { role user { id email } } }`;

type Auth = { apiKey?: string; cookie?: string };

async function signIn(email: string, password: string): Promise<Auth> {
  const result = await gql(t.url, LOGIN, { email, password });
  ok(result);
  const header = result.headers.getSetCookie().find((c) => c.startsWith('intake_session='));
  expect(header).toBeDefined();
  return { cookie: header!.split(';')[0]! };
}

async function createUser(auth: Auth, email: string, role: 'ADMIN' | 'READER') {
  return ok(await gql(t.url, CREATE_USER, { email, role }, auth)).createUser as {
    password: string;
    user: { id: string; email: string; role: string; createdAt: string };
  };
}

/** The tenant's own admin user as a session, and its id. */
async function adminSession(tenant: TestTenant): Promise<{ auth: Auth; id: string }> {
  const auth = await signIn(tenant.email, tenant.password);
  return { auth, id: ok(await gql(t.url, ME, {}, auth)).me.user.id };
}

describe('users', () => {
  it('lists the account’s users, oldest first, and no other account’s', async () => {
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    await createUser({ apiKey: other.adminKey }, `someone@${other.slug}.test`, 'READER');
    const created = await createUser({ apiKey: tenant.adminKey }, `reader@${tenant.slug}.test`, 'READER');

    const { users } = ok(await gql(t.url, USERS, {}, { apiKey: tenant.adminKey }));
    expect(users).toEqual([
      { id: expect.any(String), email: tenant.email, role: 'ADMIN', createdAt: expect.any(String) },
      created.user,
    ]);
    expect(JSON.stringify(users)).not.toContain(other.slug);
  });

  it('is for admins only', async () => {
    const tenant = await createTenant(t.deps);
    const reader = await createUser({ apiKey: tenant.adminKey }, `reader@${tenant.slug}.test`, 'READER');
    const readerSession = await signIn(reader.user.email, reader.password);
    const { id: adminId } = await adminSession(tenant);
    for (const auth of [{ apiKey: tenant.readerKey }, readerSession]) {
      expectError(await gql(t.url, USERS, {}, auth), 'FORBIDDEN');
      expectError(await gql(t.url, CREATE_USER, { email: `x@${tenant.slug}.test`, role: 'ADMIN' }, auth), 'FORBIDDEN');
      expectError(await gql(t.url, CHANGE_ROLE, { id: reader.user.id, role: 'ADMIN' }, auth), 'FORBIDDEN');
      expectError(await gql(t.url, REMOVE_USER, { id: adminId }, auth), 'FORBIDDEN');
    }
    expectError(await gql(t.url, USERS), 'UNAUTHENTICATED');
    expectError(await gql(t.url, CREATE_USER, { email: 'x@example.test', role: 'ADMIN' }), 'UNAUTHENTICATED');
    expectError(await gql(t.url, REMOVE_USER, { id: adminId }), 'UNAUTHENTICATED');
    // Nothing changed.
    expect(ok(await gql(t.url, USERS, {}, { apiKey: tenant.adminKey })).users).toHaveLength(2);
  });
});

describe('createUser', () => {
  it('answers a generated password once; the user signs in with it, in this account, with the role given', async () => {
    const tenant = await createTenant(t.deps);
    const { auth } = await adminSession(tenant);
    const { password, user } = await createUser(auth, `  New.Reader@${tenant.slug.toUpperCase()}.test `, 'READER');
    expect(user).toEqual({
      id: expect.any(String),
      email: `new.reader@${tenant.slug}.test`,
      role: 'READER',
      createdAt: expect.any(String),
    });
    expect(password.length).toBeGreaterThanOrEqual(20);

    const session = await signIn(user.email, password);
    expect(ok(await gql(t.url, ME, {}, session)).me).toEqual({
      role: 'READER',
      user: { id: user.id, email: user.email },
    });
    // The password is not readable again anywhere.
    const listed = await gql(t.url, USERS, {}, auth);
    expect(JSON.stringify(listed.data)).not.toContain(password);
    expectError(await gql(t.url, 'query { users { password } }', {}, auth), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an email that is not one, or taken in any account, at the email field', async () => {
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    const auth = { apiKey: tenant.adminKey };
    expectError(
      await gql(t.url, CREATE_USER, { email: 'not an email', role: 'READER' }, auth),
      'BAD_USER_INPUT',
      'email',
    );
    expectError(
      await gql(t.url, CREATE_USER, { email: `${'a'.repeat(250)}@x.test`, role: 'READER' }, auth),
      'BAD_USER_INPUT',
      'email',
    );
    const taken = expectError(
      await gql(t.url, CREATE_USER, { email: other.email.toUpperCase(), role: 'READER' }, auth),
      'CONFLICT',
      'email',
    );
    expect(taken.message).toContain(other.email);
    expectError(await gql(t.url, CREATE_USER, { email: 'x@y.test', role: 'OWNER' }, auth), 'BAD_USER_INPUT');
  });
});

describe('changeUserRole', () => {
  it('promotes and demotes another user; the new role applies to their open session at once', async () => {
    const tenant = await createTenant(t.deps);
    const { auth } = await adminSession(tenant);
    const reader = await createUser(auth, `reader@${tenant.slug}.test`, 'READER');
    const readerSession = await signIn(reader.user.email, reader.password);
    expectError(await gql(t.url, USERS, {}, readerSession), 'FORBIDDEN');

    expect(ok(await gql(t.url, CHANGE_ROLE, { id: reader.user.id, role: 'ADMIN' }, auth)).changeUserRole).toEqual({
      id: reader.user.id,
      role: 'ADMIN',
    });
    expect(ok(await gql(t.url, USERS, {}, readerSession)).users).toHaveLength(2);

    ok(await gql(t.url, CHANGE_ROLE, { id: reader.user.id, role: 'READER' }, auth));
    expectError(await gql(t.url, USERS, {}, readerSession), 'FORBIDDEN');
  });

  it('refuses your own role (id) and demoting the last admin (role)', async () => {
    const tenant = await createTenant(t.deps);
    const { auth, id } = await adminSession(tenant);
    const own = expectError(await gql(t.url, CHANGE_ROLE, { id, role: 'READER' }, auth), 'BAD_USER_INPUT', 'id');
    expect(own.message).toBe('You cannot change your own role: ask another admin.');
    // An admin API key is not a user: the only admin user stays one.
    const last = expectError(
      await gql(t.url, CHANGE_ROLE, { id, role: 'READER' }, { apiKey: tenant.adminKey }),
      'CONFLICT',
      'role',
    );
    expect(last.message).toBe('This is the account’s last admin: make another user admin first.');
    // Setting the role it has is no demotion.
    ok(await gql(t.url, CHANGE_ROLE, { id, role: 'ADMIN' }, { apiKey: tenant.adminKey }));
    expect(ok(await gql(t.url, ME, {}, auth)).me.role).toBe('ADMIN');
  });

  it('finds no user of another account, nor an id that is none', async () => {
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    const { id: otherAdmin } = await adminSession(other);
    const auth = { apiKey: tenant.adminKey };
    expectError(await gql(t.url, CHANGE_ROLE, { id: otherAdmin, role: 'READER' }, auth), 'NOT_FOUND');
    expectError(await gql(t.url, CHANGE_ROLE, { id: 'not-a-uuid', role: 'READER' }, auth), 'NOT_FOUND');
    expect(ok(await gql(t.url, ME, {}, { apiKey: other.adminKey })).me.role).toBe('ADMIN');
  });
});

describe('removeUser', () => {
  it('removes another user and ends their sessions at once', async () => {
    const tenant = await createTenant(t.deps);
    const { auth } = await adminSession(tenant);
    const second = await createUser(auth, `second@${tenant.slug}.test`, 'ADMIN');
    const secondSession = await signIn(second.user.email, second.password);
    ok(await gql(t.url, ME, {}, secondSession));

    expect(ok(await gql(t.url, REMOVE_USER, { id: second.user.id }, auth)).removeUser).toEqual({
      id: second.user.id,
      email: second.user.email,
    });
    expectError(await gql(t.url, ME, {}, secondSession), 'UNAUTHENTICATED');
    expectError(await gql(t.url, LOGIN, { email: second.user.email, password: second.password }), 'UNAUTHENTICATED');
    expect(ok(await gql(t.url, USERS, {}, auth)).users.map((u: { email: string }) => u.email)).toEqual([tenant.email]);
    // Removing again: it is gone.
    expectError(await gql(t.url, REMOVE_USER, { id: second.user.id }, auth), 'NOT_FOUND');
  });

  it('refuses yourself (id), the last admin (id) and other accounts’ users', async () => {
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    const { auth, id } = await adminSession(tenant);
    const self = expectError(await gql(t.url, REMOVE_USER, { id }, auth), 'BAD_USER_INPUT', 'id');
    expect(self.message).toBe('You cannot remove yourself: ask another admin.');
    expectError(await gql(t.url, REMOVE_USER, { id }, { apiKey: tenant.adminKey }), 'CONFLICT', 'id');

    const { id: otherAdmin } = await adminSession(other);
    const reader = await createUser({ apiKey: other.adminKey }, `reader@${other.slug}.test`, 'READER');
    expectError(await gql(t.url, REMOVE_USER, { id: otherAdmin }, auth), 'NOT_FOUND');
    expectError(await gql(t.url, REMOVE_USER, { id: reader.user.id }, auth), 'NOT_FOUND');
    expect(ok(await gql(t.url, USERS, {}, { apiKey: other.adminKey })).users).toHaveLength(2);
    expect(ok(await gql(t.url, ME, {}, auth)).me.role).toBe('ADMIN');
  });

  it('a reader is removed even when it leaves one admin; two admins removing each other at once leave one', async () => {
    const tenant = await createTenant(t.deps);
    const first = await adminSession(tenant);
    const reader = await createUser(first.auth, `reader@${tenant.slug}.test`, 'READER');
    ok(await gql(t.url, REMOVE_USER, { id: reader.user.id }, first.auth));

    const created = await createUser(first.auth, `second@${tenant.slug}.test`, 'ADMIN');
    const second = { auth: await signIn(created.user.email, created.password), id: created.user.id };
    const [a, b] = await Promise.all([
      gql(t.url, REMOVE_USER, { id: second.id }, first.auth),
      gql(t.url, REMOVE_USER, { id: first.id }, second.auth),
    ]);
    const outcomes = [a, b].map((result) => result.errors?.[0]?.extensions.code ?? 'removed').sort();
    // The loser either found itself removed (its session gone) or found the other the last admin.
    expect(outcomes[1]).toBe('removed');
    expect(['CONFLICT', 'UNAUTHENTICATED']).toContain(outcomes[0]);
    const users = ok(await gql(t.url, USERS, {}, { apiKey: tenant.adminKey })).users as { role: string }[];
    expect(users.map((user) => user.role)).toEqual(['ADMIN']);
  });
});
