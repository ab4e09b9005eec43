import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { JsonObject, RequestOutcome } from '../../domain/types.js';
import { AccountEntity } from './account.entity.js';
import { WebhookEntity } from './webhook.entity.js';

/**
 * One request that resolved to a webhook, whatever its outcome. Written by the ingestion hot path with plain SQL.
 *
 * The table is partitioned by day of `received_at` (Migration20261201000001PartitionRequestLogs) and its primary key
 * is (id, received_at). The ORM knows `id` alone as the key: ids are unique UUIDs, the ORM only reads these rows
 * (finds and query builders), and never writes, upserts or syncs the schema of this table — a composite key here
 * would make every link and loader carry the timestamp for nothing.
 */
@Entity({ tableName: 'request_logs' })
@Index({ properties: ['webhook', 'receivedAt', 'id'] })
export class RequestLogEntity {
  [OptionalProps]?:
    | 'query'
    | 'requestBody'
    | 'bodyTruncated'
    | 'errorCode'
    | 'error'
    | 'eventId'
    | 'idempotencyKey'
    | 'duplicateOf'
    | 'customerExternalId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => AccountEntity, { deleteRule: 'cascade' })
  account!: AccountEntity;

  @ManyToOne(() => WebhookEntity, { deleteRule: 'cascade' })
  webhook!: WebhookEntity;

  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: 'text' })
  method!: string;

  @Property({ type: 'text' })
  path!: string;

  @Property({ type: 'text', nullable: true })
  query: string | null = null;

  @Property({ type: 'jsonb' })
  requestHeaders!: JsonObject;

  @Property({ type: 'text', nullable: true })
  requestBody: string | null = null;

  @Property({ type: 'boolean', defaultRaw: 'false' })
  bodyTruncated: boolean = false;

  @Property({ type: 'smallint' })
  statusCode!: number;

  @Property({ type: 'text' })
  responseBody!: string;

  @Property({ type: 'jsonb' })
  responseHeaders!: JsonObject;

  @Property({ type: 'double precision' })
  durationMs!: number;

  @Property({ type: 'text' })
  outcome!: RequestOutcome;

  @Property({ type: 'text', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  /** The registered event, when PROCESSED (no FK: the event row is written in the same statement batch). */
  @Property({ type: 'uuid', nullable: true })
  eventId: string | null = null;

  /** The sender's delivery id, when the webhook has an idempotency key configured and the request carried it. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;

  /** For a DUPLICATE: the log of the request that was processed (no FK, like eventId: written by the hot path). */
  @Property({ type: 'uuid', nullable: true })
  duplicateOf: string | null = null;

  /** The customer the request was mapped to, when it got that far (refused by an event rule too); else null. */
  @Property({ type: 'text', nullable: true })
  customerExternalId: string | null = null;
}
