import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000001Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "accounts" ("id" uuid not null, "slug" text not null, "name" text not null, "created_at" timestamptz not null default now(), constraint "accounts_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "accounts" add constraint "accounts_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "admin_users" ("id" uuid not null, "account_id" uuid not null, "email" text not null, "password_hash" text not null, "role" text check ("role" in ('ADMIN', 'READER')) not null, "created_at" timestamptz not null default now(), constraint "admin_users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "admin_users" add constraint "admin_users_email_unique" unique ("email");`);

    this.addSql(
      `create table "api_keys" ("id" uuid not null, "account_id" uuid not null, "name" text not null, "prefix" text not null, "secret_hash" text not null, "role" text check ("role" in ('ADMIN', 'READER')) not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_keys" add constraint "api_keys_prefix_unique" unique ("prefix");`);

    this.addSql(
      `create table "customers" ("id" uuid not null, "account_id" uuid not null, "external_id" text not null, "email" text null, "first_name" text null, "last_name" text null, "labels" text[] not null default '{}', "points" numeric(18,4) not null default 0, "opted_out" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "customers_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "customers_account_id_updated_at_index" on "customers" ("account_id", "updated_at");`);
    this.addSql(
      `alter table "customers" add constraint "customers_account_id_external_id_unique" unique ("account_id", "external_id");`,
    );

    this.addSql(
      `create table "sessions" ("token_hash" text not null, "user_id" uuid not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, constraint "sessions_pkey" primary key ("token_hash"));`,
    );
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);

    this.addSql(
      `create table "webhooks" ("id" uuid not null, "account_id" uuid not null, "name" text not null, "method" text check ("method" in ('POST', 'PUT')) not null, "endpoint" text not null, "status" text check ("status" in ('INACTIVE', 'ACTIVE', 'ARCHIVED')) not null default 'INACTIVE', "filter" jsonb null, "action" text not null, "mapping" jsonb not null, "success_response" text null, "error_response" text null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "archived_at" timestamptz null, constraint "webhooks_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhooks_account_id_created_at_index" on "webhooks" ("account_id", "created_at");`);

    this.addSql(
      `create table "webhook_changes" ("id" uuid not null, "webhook_id" uuid not null, "actor" text not null, "kind" text not null, "version" int not null, "changes" jsonb not null, "changed_at" timestamptz not null default now(), constraint "webhook_changes_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_changes_webhook_id_changed_at_index" on "webhook_changes" ("webhook_id", "changed_at");`,
    );

    this.addSql(
      `create table "request_logs" ("id" uuid not null, "account_id" uuid not null, "webhook_id" uuid not null, "received_at" timestamptz not null, "method" text not null, "path" text not null, "query" text null, "request_headers" jsonb not null, "request_body" text null, "body_truncated" boolean not null default false, "status_code" smallint not null, "response_body" text not null, "response_headers" jsonb not null, "duration_ms" double precision not null, "outcome" text not null, "error_code" text null, "error" text null, "event_id" uuid null, constraint "request_logs_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "request_logs_webhook_id_received_at_id_index" on "request_logs" ("webhook_id", "received_at", "id");`,
    );

    this.addSql(
      `create table "customer_events" ("id" uuid not null, "account_id" uuid not null, "customer_id" uuid not null, "customer_external_id" text not null, "action" text not null, "data" jsonb not null, "transaction_id" text null, "webhook_id" uuid null, "request_log_id" uuid null, "created_at" timestamptz not null default now(), constraint "customer_events_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "customer_events_customer_id_created_at_id_index" on "customer_events" ("customer_id", "created_at", "id");`,
    );

    this.addSql(
      `alter table "admin_users" add constraint "admin_users_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_keys" add constraint "api_keys_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "customers" add constraint "customers_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "admin_users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhooks" add constraint "webhooks_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_changes" add constraint "webhook_changes_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "request_logs" add constraint "request_logs_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "request_logs" add constraint "request_logs_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "customer_events" add constraint "customer_events_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "customer_events" add constraint "customer_events_customer_id_foreign" foreign key ("customer_id") references "customers" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "customer_events" add constraint "customer_events_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete set null;`,
    );

    // Endpoints are unique per account among non-archived webhooks: archiving frees the endpoint.
    this.addSql(
      `create unique index "webhooks_account_endpoint_live_unique" on "webhooks" ("account_id", "endpoint") where "status" <> 'ARCHIVED';`,
    );
    // Balances never go below zero, whatever the application does.
    this.addSql(`alter table "customers" add constraint "customers_points_non_negative" check ("points" >= 0);`);
    this.addSql(`create index "customers_account_email_index" on "customers" ("account_id", lower("email"));`);
    // A member cannot accept the same transaction twice.
    this.addSql(
      `create unique index "customer_events_checkout_accept_unique" on "customer_events" ("customer_id", "transaction_id") where "action" = 'checkout_accept' and "transaction_id" is not null;`,
    );
    this.addSql(
      `create index "request_logs_webhook_outcome_index" on "request_logs" ("webhook_id", "outcome", "received_at", "id");`,
    );
    this.addSql(
      `create index "request_logs_webhook_status_index" on "request_logs" ("webhook_id", "status_code", "received_at", "id");`,
    );
    this.addSql(`create index "customer_events_request_log_index" on "customer_events" ("request_log_id");`);
    this.addSql(`create index "api_keys_account_index" on "api_keys" ("account_id");`);
    this.addSql(`create index "admin_users_account_index" on "admin_users" ("account_id");`);
    // Every process caches active webhook configurations; any change is announced so that caches drop it.
    this.addSql(`create function "notify_webhook_change"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('intake_webhook_changed', coalesce(new.id, old.id)::text);
        return null;
      end $$;`);
    this.addSql(`create trigger "webhooks_notify_change" after insert or update or delete on "webhooks"
      for each row execute function "notify_webhook_change"();`);
  }
}
