import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000001Initial } from './Migration20261127000001Initial.js';
import { Migration20261130000001SenderAuth } from './Migration20261130000001SenderAuth.js';
import { Migration20261130000002LeanIdempotencyKeys } from './Migration20261130000002LeanIdempotencyKeys.js';
import { Migration20261201000001PartitionRequestLogs } from './Migration20261201000001PartitionRequestLogs.js';
import { Migration20261201000002WebhookStats } from './Migration20261201000002WebhookStats.js';
import { Migration20261201000003CredentialChanges } from './Migration20261201000003CredentialChanges.js';
import { Migration20261210000001RequestLogSearch } from './Migration20261210000001RequestLogSearch.js';
import { Migration20261211000001WebhookSplitOn } from './Migration20261211000001WebhookSplitOn.js';
import { Migration20261212000001Replay } from './Migration20261212000001Replay.js';
import { Migration20261212000002RequestLoggedNotify } from './Migration20261212000002RequestLoggedNotify.js';
import { Migration20261213000001IngestionSpeed } from './Migration20261213000001IngestionSpeed.js';

/** Listed explicitly: vitest and the built server cannot discover `.ts` migrations from the file system. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261127000001Initial', class: Migration20261127000001Initial },
  { name: 'Migration20261130000001SenderAuth', class: Migration20261130000001SenderAuth },
  { name: 'Migration20261130000002LeanIdempotencyKeys', class: Migration20261130000002LeanIdempotencyKeys },
  { name: 'Migration20261201000001PartitionRequestLogs', class: Migration20261201000001PartitionRequestLogs },
  { name: 'Migration20261201000002WebhookStats', class: Migration20261201000002WebhookStats },
  { name: 'Migration20261201000003CredentialChanges', class: Migration20261201000003CredentialChanges },
  { name: 'Migration20261210000001RequestLogSearch', class: Migration20261210000001RequestLogSearch },
  { name: 'Migration20261211000001WebhookSplitOn', class: Migration20261211000001WebhookSplitOn },
  { name: 'Migration20261212000001Replay', class: Migration20261212000001Replay },
  { name: 'Migration20261212000002RequestLoggedNotify', class: Migration20261212000002RequestLoggedNotify },
  { name: 'Migration20261213000001IngestionSpeed', class: Migration20261213000001IngestionSpeed },
];
