import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type {
  AccountRepository,
  AccountUser,
  AccountView,
  ApiKeyView,
  UserChange,
  UserView,
} from '../../application/accounts/account-repository.js';
import { Errors } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { AccountEntity, AdminUserEntity, ApiKeyEntity, SessionEntity } from '../entities/index.js';

export function accountRepository(orm: MikroORM): AccountRepository {
  return {
    async createAccount({ slug, name }) {
      const em = orm.em.fork();
      const account = em.create(AccountEntity, { slug, name });
      try {
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException)
          throw Errors.conflict(`The account "${slug}" already exists.`, 'slug');
        throw error;
      }
      return toAccountView(account);
    },

    async findAccount(accountId) {
      if (!isUuid(accountId)) return null;
      const account = await orm.em.fork().findOne(AccountEntity, { id: accountId });
      return account && toAccountView(account);
    },

    async findAccountBySlug(slug) {
      const account = await orm.em.fork().findOne(AccountEntity, { slug });
      return account && toAccountView(account);
    },

    async hasAnyAccount() {
      return (await orm.em.fork().count(AccountEntity, {})) > 0;
    },

    async createUser(accountId, { email, passwordHash, role }) {
      const em = orm.em.fork();
      const user = em.create(AdminUserEntity, {
        account: em.getReference(AccountEntity, accountId),
        email,
        passwordHash,
        role,
      });
      try {
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException)
          throw Errors.conflict(`A user with email ${email} already exists.`, 'email');
        throw error;
      }
      return toUserView(user);
    },

    async findUserForAccount(accountId, userId) {
      if (!isUuid(userId)) return null;
      const user = await orm.em.fork().findOne(AdminUserEntity, { id: userId, account: accountId });
      return user && toUserView(user);
    },

    async findUserByEmail(email) {
      const user = await orm.em.fork().findOne(AdminUserEntity, { email }, { populate: ['account'] });
      return user && { ...toAccountUser(user), passwordHash: user.passwordHash };
    },

    async listUsers(accountId) {
      const users = await orm.em
        .fork()
        .find(AdminUserEntity, { account: accountId }, { orderBy: { createdAt: 'asc', email: 'asc' } });
      return users.map(toUserView);
    },

    async removeUser(accountId, userId) {
      if (!isUuid(userId)) return 'not-found';
      return changeKeepingAnAdmin(orm, accountId, userId, true, async (tx, user) => {
        await tx.nativeDelete(AdminUserEntity, { id: user.id, account: accountId });
      });
    },

    async changeUserRole(accountId, userId, role) {
      if (!isUuid(userId)) return 'not-found';
      return changeKeepingAnAdmin(orm, accountId, userId, role !== 'ADMIN', async (tx, user) => {
        user.role = role;
        await tx.flush();
      });
    },

    async createApiKey(accountId, { name, prefix, secretHash, role }) {
      const em = orm.em.fork();
      const key = em.create(ApiKeyEntity, {
        account: em.getReference(AccountEntity, accountId),
        name,
        prefix,
        secretHash,
        role,
      });
      await em.flush();
      return toApiKeyView(key);
    },

    async listApiKeys(accountId) {
      const keys = await orm.em
        .fork()
        .find(ApiKeyEntity, { account: accountId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
      return keys.map(toApiKeyView);
    },

    async findApiKeyForAccount(accountId, id) {
      if (!isUuid(id)) return null;
      const key = await orm.em.fork().findOne(ApiKeyEntity, { id, account: accountId });
      return key && toApiKeyView(key);
    },

    async findApiKeyByPrefix(prefix) {
      const key = await orm.em.fork().findOne(ApiKeyEntity, { prefix }, { populate: ['account'] });
      return key && { key: toApiKeyView(key), secretHash: key.secretHash, account: toAccountView(key.account) };
    },

    async revokeApiKey(accountId, id, at) {
      if (!isUuid(id)) return null;
      const em = orm.em.fork();
      const key = await em.findOne(ApiKeyEntity, { id, account: accountId });
      if (!key) return null;
      if (!key.revokedAt) {
        key.revokedAt = at;
        await em.flush();
      }
      return toApiKeyView(key);
    },

    async recordApiKeyUse(id, at) {
      await orm.em.fork().nativeUpdate(ApiKeyEntity, { id }, { lastUsedAt: at });
    },

    async startSession({ tokenHash, userId, expiresAt }) {
      await orm.em.fork().transactional(async (tx) => {
        await tx.nativeDelete(SessionEntity, { user: userId, expiresAt: { $lt: new Date() } });
        tx.create(SessionEntity, { tokenHash, user: tx.getReference(AdminUserEntity, userId), expiresAt });
      });
    },

    async findSessionUser(tokenHash, now) {
      const session = await orm.em
        .fork()
        .findOne(SessionEntity, { tokenHash, expiresAt: { $gt: now } }, { populate: ['user', 'user.account'] });
      return session && toAccountUser(session.user);
    },

    async endSession(tokenHash) {
      await orm.em.fork().nativeDelete(SessionEntity, { tokenHash });
    },
  };
}

/**
 * Runs `change` on an account's user, refusing it when it takes away the last admin (`losesAdmin`: the user stops
 * being one). The account row is locked first, so concurrent changes to its users run one after the other and
 * each counts the admins the previous one left.
 */
async function changeKeepingAnAdmin(
  orm: MikroORM,
  accountId: string,
  userId: string,
  losesAdmin: boolean,
  change: (tx: EntityManager, user: AdminUserEntity) => Promise<void>,
): Promise<UserChange> {
  return orm.em.fork().transactional(async (tx) => {
    const account = await tx.findOne(AccountEntity, { id: accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!account) return 'not-found';
    const user = await tx.findOne(AdminUserEntity, { id: userId, account: accountId });
    if (!user) return 'not-found';
    if (losesAdmin && user.role === 'ADMIN') {
      const admins = await tx.count(AdminUserEntity, { account: accountId, role: 'ADMIN' });
      if (admins <= 1) return 'last-admin';
    }
    await change(tx, user);
    return { user: toUserView(user) };
  });
}

function toAccountView(a: AccountEntity): AccountView {
  return { id: a.id, slug: a.slug, name: a.name };
}

function toUserView(u: AdminUserEntity): UserView {
  return { id: u.id, email: u.email, role: u.role, createdAt: u.createdAt };
}

function toAccountUser(u: AdminUserEntity): AccountUser {
  return { user: toUserView(u), account: toAccountView(u.account) };
}

function toApiKeyView(k: ApiKeyEntity): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}
