import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8, sender authentication and idempotency: how each webhook verifies its sender, its write-only secrets
 * (sealed with INTAKE_SECRET_KEY, never in plain text), the idempotency keys that make crediting exactly-once, the
 * links of a DUPLICATE request log to the original, and the row that tells at start whether the key is the right one.
 */
export class Migration20261130000001SenderAuth extends Migration {
  override async up(): Promise<void> {
    // Every existing webhook keeps accepting what it accepted: NONE, stated explicitly.
    this.addSql(
      `alter table "webhooks" add column "verification" jsonb not null default '{"scheme":"NONE"}', add column "idempotency" jsonb null;`,
    );
    this.addSql(
      `alter table "webhooks" add constraint "webhooks_verification_scheme_check" check ("verification" ->> 'scheme' in ('NONE', 'STANDARD_WEBHOOKS', 'STRIPE', 'GITHUB', 'SHOPIFY', 'WOOCOMMERCE', 'SLACK', 'HMAC', 'BASIC_AUTH', 'API_KEY'));`,
    );

    this.addSql(
      `create table "webhook_secrets" ("id" uuid not null, "account_id" uuid not null, "webhook_id" uuid not null, "ciphertext" text not null, "hint" text not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, constraint "webhook_secrets_pkey" primary key ("id"));`,
    );
    // The only way secrets are read: a webhook's (or a page of webhooks'), newest first.
    this.addSql(
      `create index "webhook_secrets_webhook_id_created_at_index" on "webhook_secrets" ("webhook_id", "created_at");`,
    );
    this.addSql(
      `alter table "webhook_secrets" add constraint "webhook_secrets_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_secrets" add constraint "webhook_secrets_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade;`,
    );
    // Sealed values only: the box writes "v1:" + base64; a plain-text secret can never be stored by mistake.
    this.addSql(
      `alter table "webhook_secrets" add constraint "webhook_secrets_ciphertext_sealed" check ("ciphertext" like 'v1:%');`,
    );

    this.addSql(
      `alter table "request_logs" add column "idempotency_key" text null, add column "duplicate_of" uuid null;`,
    );

    // Reserved only by PROCESSED requests, in the statement that stores their event: the primary key is what makes
    // concurrent identical deliveries register one event. An expired row may be taken over; a purge deletes them.
    this.addSql(
      `create table "idempotency_keys" ("webhook_id" uuid not null, "key" text not null, "request_log_id" uuid not null, "expires_at" timestamptz not null, constraint "idempotency_keys_pkey" primary key ("webhook_id", "key"));`,
    );
    this.addSql(`create index "idempotency_keys_expires_at_index" on "idempotency_keys" ("expires_at");`);
    this.addSql(
      `alter table "idempotency_keys" add constraint "idempotency_keys_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade;`,
    );

    // One row, sealed with the key of the first start: a server whose key cannot open it refuses to start.
    this.addSql(
      `create table "secret_key_check" ("id" smallint not null default 1, "sealed" text not null, "created_at" timestamptz not null default now(), constraint "secret_key_check_pkey" primary key ("id"), constraint "secret_key_check_single_row" check ("id" = 1));`,
    );
  }
}
