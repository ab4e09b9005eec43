import type { MikroORM } from '@mikro-orm/postgresql';
import type {
  LogSelection,
  ReplayJobClaim,
  ReplayJobView,
  ReplayRepository,
  ReplaySource,
} from '../../application/replay/ports.js';
import { isUuid } from '../../domain/ids.js';
import type { JsonObject, RequestOutcome, WebhookStatus } from '../../domain/types.js';
import { reserveKeys } from '../ingestion/statements.js';

interface SourceRow {
  id: string;
  webhook_id: string;
  received_at: string;
  method: string;
  path: string;
  query: string | null;
  request_headers: JsonObject;
  request_body: string | null;
  outcome: RequestOutcome;
  original_sealed: string | null;
  replay_of: string | null;
  duplicate_of: string | null;
  idempotency_key: string | null;
  status: WebhookStatus;
  endpoint: string;
  version: number;
  slug: string;
}

interface JobRow {
  id: string;
  account_id: string;
  webhook_id: string;
  selection: {
    webhookId: string;
    outcome?: RequestOutcome | null;
    statusCode?: number | null;
    receivedAfter?: string | null;
    receivedBefore?: string | null;
  };
  status: ReplayJobView['status'];
  total: number;
  done: number;
  processed: number;
  cursor_received_at: string | null;
  cursor_id: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

const JOB_COLUMNS = `id, account_id, webhook_id, selection, status, total, done, processed, cursor_received_at,
  cursor_id, created_by, created_at, finished_at`;

/** The conditions of a selection on request_logs `l`, with their values (knex `?` placeholders). */
function selectionWhere(accountId: string, selection: LogSelection, before: Date): [string, unknown[]] {
  const where = ['l.webhook_id = ?', 'l.account_id = ?', 'l.received_at < ?'];
  const values: unknown[] = [selection.webhookId, accountId, before];
  if (selection.outcome != null) {
    where.push('l.outcome = ?');
    values.push(selection.outcome);
  }
  if (selection.statusCode != null) {
    where.push('l.status_code = ?');
    values.push(selection.statusCode);
  }
  if (selection.receivedAfter) {
    where.push('l.received_at >= ?');
    values.push(selection.receivedAfter);
  }
  if (selection.receivedBefore) {
    where.push('l.received_at < ?');
    values.push(selection.receivedBefore);
  }
  return [where.join(' and '), values];
}

function toSelection(stored: JobRow['selection']): LogSelection {
  return {
    webhookId: stored.webhookId,
    outcome: stored.outcome ?? null,
    statusCode: stored.statusCode ?? null,
    receivedAfter: stored.receivedAfter ? new Date(stored.receivedAfter) : null,
    receivedBefore: stored.receivedBefore ? new Date(stored.receivedBefore) : null,
  };
}

function toJobView(row: JobRow): ReplayJobView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    status: row.status,
    total: row.total,
    done: row.done,
    processed: row.processed,
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}

export function replayRepository(orm: MikroORM): ReplayRepository {
  const execute = <T>(sql: string, values: unknown[]): Promise<T[]> => orm.em.getConnection().execute(sql, values);
  return {
    async findSource(accountId, logId) {
      if (!isUuid(logId)) return null;
      const [row] = await execute<SourceRow>(
        `select l.id, l.webhook_id, l.received_at, l.method, l.path, l.query, l.request_headers, l.request_body,
           l.outcome, l.original_sealed, l.replay_of, l.duplicate_of, l.idempotency_key, w.status, w.endpoint, w.version, a.slug
         from request_logs l join webhooks w on w.id = l.webhook_id join accounts a on a.id = w.account_id
         where l.id = ? and l.account_id = ?`,
        [logId, accountId],
      );
      if (!row) return null;
      const source: ReplaySource = {
        id: row.id,
        webhookId: row.webhook_id,
        receivedAt: new Date(row.received_at),
        method: row.method,
        path: row.path,
        query: row.query,
        requestHeaders: row.request_headers,
        requestBody: row.request_body,
        outcome: row.outcome,
        original: row.original_sealed,
        replayOf: row.replay_of,
        duplicateOf: row.duplicate_of,
        idempotencyKey: row.idempotency_key,
        webhook: { status: row.status, endpoint: row.endpoint, version: row.version, accountSlug: row.slug },
      };
      return source;
    },

    async holdKey(webhookId, key, logId, expiresAt) {
      await execute(reserveKeys(`SELECT ?::uuid, ?::text, ?::uuid, ?::timestamptz`, 'now()'), [
        webhookId,
        key,
        logId,
        expiresAt,
      ]);
    },

    async recordHistory(accountId, webhookId, entry) {
      await execute(
        `insert into webhook_changes (id, webhook_id, actor, kind, version, changes)
         select gen_random_uuid(), w.id, ?, ?, w.version, ?::jsonb from webhooks w where w.id = ? and w.account_id = ?`,
        [entry.actor, entry.kind, JSON.stringify(entry.changes), webhookId, accountId],
      );
    },

    async countSelection(accountId, selection, before) {
      const [where, values] = selectionWhere(accountId, selection, before);
      const [row] = await execute<{ count: string }>(`select count(*) from request_logs l where ${where}`, values);
      return Number(row?.count ?? 0);
    },

    async createJob(job) {
      const [row] = await execute<JobRow>(
        `insert into replay_jobs (id, account_id, webhook_id, selection, total, created_by, created_at)
         values (?, ?, ?, ?::jsonb, ?, ?, ?) returning ${JOB_COLUMNS}`,
        [
          job.id,
          job.accountId,
          job.selection.webhookId,
          JSON.stringify(job.selection),
          job.total,
          job.createdBy,
          job.createdAt,
        ],
      );
      return toJobView(row!);
    },

    async findJob(accountId, id) {
      const [row] = await execute<JobRow>(`select ${JOB_COLUMNS} from replay_jobs where id = ? and account_id = ?`, [
        id,
        accountId,
      ]);
      return row ? toJobView(row) : null;
    },

    async cancelJob(accountId, id) {
      // Waits for the row lock of a runner's chunk in progress: once this commits, no further chunk starts.
      await execute(
        `update replay_jobs set status = 'CANCELLED', finished_at = now()
         where id = ? and account_id = ? and status in ('QUEUED', 'RUNNING')`,
        [id, accountId],
      );
      return this.findJob(accountId, id);
    },

    async withClaimedJob(work) {
      // Every instance polls: an idle poll is one plain read, without a transaction (nor the ORM's transaction
      // context, whose AsyncLocalStorage would tax every promise of the process from then on).
      const [pending] = await execute(`select 1 from replay_jobs where status in ('QUEUED', 'RUNNING') limit 1`, []);
      if (!pending) return false;
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const ctx = tx.getTransactionContext();
        const run = <T>(sql: string, values: unknown[]): Promise<T[]> =>
          tx.getConnection().execute(sql, values, 'all', ctx);
        const [row] = await run<JobRow>(
          `select ${JOB_COLUMNS} from replay_jobs where status in ('QUEUED', 'RUNNING')
           order by created_at limit 1 for update skip locked`,
          [],
        );
        if (!row) return false;
        if (row.status === 'QUEUED') await run(`update replay_jobs set status = 'RUNNING' where id = ?`, [row.id]);
        const selection = toSelection(row.selection);
        const createdAt = new Date(row.created_at);
        const claim: ReplayJobClaim = {
          job: {
            ...toJobView(row),
            status: 'RUNNING',
            accountId: row.account_id,
            selection,
            createdBy: row.created_by,
          },
          async beginChunk(graceMs) {
            const [open] = await run<{ recent: boolean }>(
              `select started_at > now() - make_interval(secs => ?::float8 / 1000) as recent
               from replay_job_chunks where job_id = ?`,
              [graceMs, row.id],
            );
            if (open?.recent) return false;
            // Outside the claim's transaction: committed now, it stays if this instance dies before the chunk commits.
            await execute(
              `insert into replay_job_chunks (job_id, started_at) values (?, now())
               on conflict (job_id) do update set started_at = excluded.started_at`,
              [row.id],
            );
            return true;
          },
          async nextLogs(limit) {
            const [where, values] = selectionWhere(row.account_id, selection, createdAt);
            const cursor = row.cursor_received_at && row.cursor_id ? ' and (l.received_at, l.id) > (?, ?)' : '';
            const found = await run<{ id: string; received_at: string }>(
              `select l.id, l.received_at from request_logs l where ${where}${cursor}
               order by l.received_at, l.id limit ${Number(limit)}`,
              cursor ? [...values, row.cursor_received_at, row.cursor_id] : values,
            );
            return found.map((log) => ({ id: log.id, receivedAt: new Date(log.received_at) }));
          },
          async replayedAlready(logIds) {
            if (logIds.length === 0) return new Map();
            const found = await run<{ replay_of: string; outcome: RequestOutcome }>(
              `select replay_of, outcome from request_logs
               where replay_job_id = ? and replay_of = any(array[?]::uuid[]) and received_at >= ?`,
              [row.id, [...logIds], createdAt],
            );
            return new Map(found.map((log) => [log.replay_of, log.outcome]));
          },
          async advance(step) {
            await run(
              `update replay_jobs set done = done + ?, processed = processed + ?,
                 cursor_received_at = coalesce(?::timestamptz, cursor_received_at), cursor_id = coalesce(?::uuid, cursor_id),
                 status = case when ? then 'DONE' else status end,
                 finished_at = case when ? then now() else finished_at end
               where id = ?`,
              [
                step.done,
                step.processed,
                step.last?.receivedAt ?? null,
                step.last?.id ?? null,
                step.finished,
                step.finished,
                row.id,
              ],
            );
            await run(`delete from replay_job_chunks where job_id = ?`, [row.id]);
          },
        };
        return work(claim);
      });
    },
  };
}
