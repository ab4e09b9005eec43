import type { Deps } from '../deps.js';
import { issueApiKey } from './api-keys.js';
import { createAccount } from './create-account.js';
import { createUser } from './create-user.js';

export interface DemoCredentials {
  accountSlug: string;
  email: string;
  password: string;
  apiKey: string;
}

/** On first start against an empty database: a `demo` account with an admin user and an API key. */
export async function ensureDemoAccount(deps: Pick<Deps, 'accounts'>): Promise<DemoCredentials | null> {
  if (await deps.accounts.hasAnyAccount()) return null;
  const account = await createAccount(deps, 'demo', 'Demo loyalty program');
  const user = await createUser(deps, account.id, 'admin@demo.local', 'ADMIN');
  const key = await issueApiKey(deps, account.id, 'demo key', 'ADMIN');
  return { accountSlug: account.slug, email: user.email, password: user.password, apiKey: key.secret };
}
