import type { Role } from '../../domain/types.js';

export interface AccountView {
  id: string;
  slug: string;
  name: string;
}

export interface UserView {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** What authentication compares and whom it then stands for. */
export interface StoredApiKey {
  key: ApiKeyView;
  secretHash: string;
  account: AccountView;
}

export interface AccountUser {
  user: UserView;
  account: AccountView;
}

/** What a change to a user did: the user as changed, or why nothing was. */
export type UserChange = { user: UserView } | 'not-found' | 'last-admin';

/** What sign-in compares. */
export interface StoredUser extends AccountUser {
  passwordHash: string;
}

/**
 * Tenants and who may act in them: accounts, console users, API keys and sessions. Reads of an account's objects
 * take the account first. Sign-in and authentication look up by email, key prefix or session token instead: those
 * are unique across accounts, and the account is what they find out.
 */
export interface AccountRepository {
  /** CONFLICT when the slug is taken. */
  createAccount(account: { slug: string; name: string }): Promise<AccountView>;
  findAccount(accountId: string): Promise<AccountView | null>;
  findAccountBySlug(slug: string): Promise<AccountView | null>;
  hasAnyAccount(): Promise<boolean>;

  /** CONFLICT when the email is taken (in any account). */
  createUser(accountId: string, user: { email: string; passwordHash: string; role: Role }): Promise<UserView>;
  findUserForAccount(accountId: string, userId: string): Promise<UserView | null>;
  /** `email` as stored: trimmed and lower-cased. */
  findUserByEmail(email: string): Promise<StoredUser | null>;
  /** Oldest first. */
  listUsers(accountId: string): Promise<UserView[]>;
  /**
   * Removes the user (their sessions end with them) unless they are the account's last admin; checked and done in
   * one transaction that serialises the account's user changes, so two admins removing each other leave one.
   */
  removeUser(accountId: string, userId: string): Promise<UserChange>;
  /** Sets the user's role unless that would demote the account's last admin; serialised like `removeUser`. */
  changeUserRole(accountId: string, userId: string, role: Role): Promise<UserChange>;

  createApiKey(
    accountId: string,
    key: { name: string; prefix: string; secretHash: string; role: Role },
  ): Promise<ApiKeyView>;
  /** Newest first. */
  listApiKeys(accountId: string): Promise<ApiKeyView[]>;
  findApiKeyForAccount(accountId: string, id: string): Promise<ApiKeyView | null>;
  findApiKeyByPrefix(prefix: string): Promise<StoredApiKey | null>;
  /** Marks the key revoked at `at` unless it already is; the key as stored afterwards, or null when not found. */
  revokeApiKey(accountId: string, id: string, at: Date): Promise<ApiKeyView | null>;
  recordApiKeyUse(id: string, at: Date): Promise<void>;

  /** Stores a session and drops the user's expired ones, in one transaction. */
  startSession(session: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void>;
  /** The user of a session that has not expired at `now`. */
  findSessionUser(tokenHash: string, now: Date): Promise<AccountUser | null>;
  endSession(tokenHash: string): Promise<void>;
}
