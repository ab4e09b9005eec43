import type { MikroORM } from '@mikro-orm/postgresql';
import type { Repositories } from '../../application/deps.js';
import { accountRepository } from './account-repository.js';
import { customerRepository } from './customer-repository.js';
import { requestLogRepository } from './request-log-repository.js';
import { webhookRepository } from './webhook-repository.js';

/** The application's ports over one MikroORM instance; every call works in a fresh entity manager (`em.fork()`). */
export function createRepositories(orm: MikroORM): Repositories {
  return {
    accounts: accountRepository(orm),
    webhooks: webhookRepository(orm),
    requestLogs: requestLogRepository(orm),
    customers: customerRepository(orm),
  };
}
