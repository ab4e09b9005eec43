import { Migration } from '@mikro-orm/migrations';

/**
 * Announces new request logs for the live tail (`requestLogged`): a statement-level trigger NOTIFYs
 * `intake_request_logged` once per INSERT statement — one per group-commit batch, not one per request — with the
 * statement's new log ids grouped by webhook and the range of their received_at (so that readers prune partitions):
 * `{"f": <min received_at>, "t": <max received_at>, "w": {"<webhook id>": ["<log id>", …]}}`. NOTIFY is delivered
 * at commit only, so a rolled-back batch announces nothing. Being a trigger, it covers every path that writes logs
 * (batches, enrolments, FAILED and DUPLICATE logs, fan-out, anything added later) without touching their SQL.
 *
 * A payload must stay under PostgreSQL's 8000 bytes: a statement too large for one notification sends one per
 * webhook, and a webhook whose ids alone do not fit sends `null` instead of them ("read its newest logs in the
 * range").
 */
export class Migration20261212000002RequestLoggedNotify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function intake_notify_request_logged() returns trigger language plpgsql as $$
      declare
        payload text;
        hook record;
      begin
        select jsonb_build_object('f', min(received_at), 't', max(received_at),
            'w', (select jsonb_object_agg(webhook_id, ids)
                  from (select webhook_id, jsonb_agg(id) as ids from new_logs group by webhook_id) grouped))::text
          into payload
          from new_logs
          having count(*) > 0;
        if payload is null then
          return null;
        end if;
        if octet_length(payload) < 7900 then
          perform pg_notify('intake_request_logged', payload);
          return null;
        end if;
        for hook in select webhook_id, jsonb_agg(id) as ids, min(received_at) as f, max(received_at) as t
                    from new_logs group by webhook_id loop
          payload := jsonb_build_object('f', hook.f, 't', hook.t, 'w', jsonb_build_object(hook.webhook_id, hook.ids))::text;
          if octet_length(payload) >= 7900 then
            payload := jsonb_build_object('f', hook.f, 't', hook.t,
              'w', jsonb_build_object(hook.webhook_id, null::jsonb))::text;
          end if;
          perform pg_notify('intake_request_logged', payload);
        end loop;
        return null;
      end $$;`);
    this.addSql(`create trigger request_logs_logged after insert on request_logs
      referencing new table as new_logs
      for each statement execute function intake_notify_request_logged();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger request_logs_logged on request_logs;`);
    this.addSql(`drop function intake_notify_request_logged();`);
  }
}
