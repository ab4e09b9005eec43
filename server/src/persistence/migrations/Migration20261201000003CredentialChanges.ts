import { Migration } from '@mikro-orm/migrations';

/**
 * Announces changes to what authenticates a caller, so that every instance can cache verified API keys and still
 * see a revocation, a role change or a deleted account at once: a statement-level trigger NOTIFYs
 * `intake_credentials_changed` (no payload: caches are cleared whole, changes are rare). Only the columns an actor
 * is built from count — `last_used_at`, written as keys are used, must not clear every cache each minute.
 */
export class Migration20261201000003CredentialChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function intake_notify_credentials_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('intake_credentials_changed', '');
        return null;
      end $$;`);
    for (const [table, columns] of [
      ['api_keys', 'revoked_at, role, secret_hash, prefix, name, account_id'],
      ['admin_users', 'role, email, account_id'],
      ['accounts', 'slug'],
    ] as const) {
      this.addSql(`create trigger "${table}_credentials_changed" after update of ${columns} or delete on "${table}"
        for each statement execute function intake_notify_credentials_changed();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['api_keys', 'admin_users', 'accounts']) {
      this.addSql(`drop trigger "${table}_credentials_changed" on "${table}";`);
    }
    this.addSql(`drop function intake_notify_credentials_changed();`);
  }
}
