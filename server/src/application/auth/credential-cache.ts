import type { Actor } from '../actor.js';

/** How long a verified API key is trusted without reading it again, at most (a safety net: see below). */
export const CREDENTIAL_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export interface CachedCredential {
  actor: Actor;
  /** Epoch ms after which the entry is read again from the database. */
  until: number;
  /** When the key's use was last recorded (last_used_at), epoch ms; null when never. */
  lastUsedAt: number | null;
}

/**
 * Verified API keys, by the SHA-256 of the key, so that a polling tool's requests do not each read the key again.
 * Correctness rests on invalidation, not on the TTL: every change to keys, users, sessions or accounts is announced
 * by a database trigger (NOTIFY) that clears the cache in every instance, and this process clears it itself right
 * after its own changes commit. While the instance is not listening (the LISTEN connection is down, or not yet
 * up), notifications could be missed, so nothing is cached. Unknown or revoked keys are never cached.
 *
 * The map is looked up by digest, never by the key: its timing says nothing an attacker could use.
 */
export class CredentialCache {
  private readonly entries = new Map<string, CachedCredential>();
  private listening = false;

  constructor(private readonly ttlMs: number = CREDENTIAL_TTL_MS) {}

  get(digest: string, now: number): CachedCredential | null {
    const entry = this.entries.get(digest);
    if (!entry) return null;
    if (!this.listening || entry.until <= now) {
      this.entries.delete(digest);
      return null;
    }
    return entry;
  }

  remember(digest: string, actor: Actor, lastUsedAt: number | null, now: number): void {
    if (!this.listening) return;
    // Oldest first (Map keeps insertion order): a full cache forgets its oldest entry.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(digest, { actor, until: now + this.ttlMs, lastUsedAt });
  }

  /** Something about credentials changed (here or in another instance): trust nothing cached. */
  clear(): void {
    this.entries.clear();
  }

  /** Caching is on only while changes can be heard; losing the connection forgets everything. */
  setListening(listening: boolean): void {
    this.listening = listening;
    if (!listening) this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
