import type { MikroORM } from '@mikro-orm/postgresql';
import type { Repositories } from '../../application/deps.js';
import type { SecretBox } from '../../application/secrets/secret-box.js';
import { accountRepository } from './account-repository.js';
import { customerRepository } from './customer-repository.js';
import { replayRepository } from './replay-repository.js';
import { requestLogRepository } from './request-log-repository.js';
import { webhookRepository } from './webhook-repository.js';
import { webhookStatsRepository } from './webhook-stats-repository.js';

/**
 * A box for processes that never touch secrets (the operator CLI creates accounts, keys and users): any use fails
 * loudly instead of storing or reading secrets without the key.
 */
const NO_SECRET_BOX: SecretBox = {
  seal: () => {
    throw new Error('This process has no secret key: it cannot store secrets.');
  },
  open: () => {
    throw new Error('This process has no secret key: it cannot read secrets.');
  },
};

/**
 * The application's ports over one MikroORM instance; every call works in a fresh entity manager (`em.fork()`).
 * `secretBox` seals and opens the filter tokens stored with webhooks.
 */
export function createRepositories(orm: MikroORM, secretBox: SecretBox = NO_SECRET_BOX): Repositories {
  return {
    accounts: accountRepository(orm),
    webhooks: webhookRepository(orm, secretBox),
    requestLogs: requestLogRepository(orm),
    customers: customerRepository(orm),
    webhookStats: webhookStatsRepository(orm),
    replays: replayRepository(orm),
  };
}
