import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.js';
import { CredentialCache } from './credential-cache.js';

const actor: Actor = { accountId: 'a', accountSlug: 'acct', role: 'ADMIN', label: 'api-key:k', apiKeyId: 'k' };

describe('credential cache', () => {
  it('caches nothing until changes can be heard, and forgets everything when they no longer can', () => {
    const cache = new CredentialCache(1_000);
    cache.remember('d', actor, null, 0);
    expect(cache.get('d', 1)).toBeNull();
    cache.setListening(true);
    cache.remember('d', actor, null, 0);
    expect(cache.get('d', 1)?.actor).toBe(actor);
    cache.setListening(false);
    expect(cache.size).toBe(0);
    expect(cache.get('d', 2)).toBeNull();
  });

  it('reads again after its time, and after a change', () => {
    const cache = new CredentialCache(1_000);
    cache.setListening(true);
    cache.remember('d', actor, 5, 0);
    expect(cache.get('d', 999)?.lastUsedAt).toBe(5);
    expect(cache.get('d', 1_000)).toBeNull();
    cache.remember('d', actor, null, 2_000);
    cache.clear();
    expect(cache.get('d', 2_001)).toBeNull();
  });
});
