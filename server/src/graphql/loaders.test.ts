import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../application/actor.js';
import type { Deps } from '../application/deps.js';
import type { RequestLogView } from '../application/logs/request-log-view.js';
import { createLoaders } from './loaders.js';

const actor: Actor = { accountId: 'account-1', accountSlug: 'acme', role: 'ADMIN', label: 'api-key:test' };

function depsWith(findLatestForWebhooks: Deps['requestLogs']['findLatestForWebhooks']): Deps {
  return { requestLogs: { findLatestForWebhooks } } as unknown as Deps;
}

const logOf = (webhookId: string) => ({ id: `log-of-${webhookId}`, webhookId }) as RequestLogView;

describe('per-request loaders', () => {
  it('read the loads of one tick in one batch, scoped to the account, each key answered by its own item', async () => {
    const read = vi.fn(async (_accountId: string, ids: readonly string[]) =>
      ids
        .filter((id) => id !== 'w-none')
        .map(logOf)
        .reverse(),
    );
    const { lastRequest } = createLoaders(depsWith(read), () => actor);
    const answers = await Promise.all(['w-1', 'w-none', 'w-2', 'w-1'].map((id) => lastRequest.load(id)));
    expect(answers).toEqual([logOf('w-1'), null, logOf('w-2'), logOf('w-1')]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledWith('account-1', ['w-1', 'w-none', 'w-2']);
  });

  it('reject every load of a batch whose read failed: an outage is not "not found"', async () => {
    const { lastRequest } = createLoaders(
      depsWith(() => Promise.reject(new Error('connection refused'))),
      () => actor,
    );
    await expect(Promise.all([lastRequest.load('w-1'), lastRequest.load('w-2')])).rejects.toThrow('connection refused');
  });

  it('ask for the actor only when they load', () => {
    const whoIsCalling = vi.fn(() => actor);
    createLoaders(depsWith(vi.fn()), whoIsCalling);
    expect(whoIsCalling).not.toHaveBeenCalled();
  });
});
