import type { Client } from '@urql/core';
import { createClient, type Client as SocketClient } from 'graphql-ws';
import { useSyncExternalStore } from 'react';
import { useClient } from 'urql';

/** The live tail's WebSocket as the console shows it. */
export type LiveConnection = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/** A readable, watchable connection state (React reads it with useSyncExternalStore). */
export interface LiveStatus {
  get(): LiveConnection;
  subscribe(listener: () => void): () => void;
}

/** WebSocket close code graphql-ws answers a connection whose credentials were refused with. */
const FORBIDDEN = 4403;

/**
 * The graphql-ws client subscriptions travel on: same origin as the console, so the browser sends the session
 * cookie with the upgrade. It connects when the first subscription starts and closes soon after the last ends;
 * a dropped connection (a server restart) is retried with backoff. Refused credentials (the session expired)
 * are `onUnauthenticated`, like an UNAUTHENTICATED answer.
 */
export function createLiveSocket(options: { url: string; onUnauthenticated: () => void }): {
  socket: SocketClient;
  status: LiveStatus;
} {
  let state: LiveConnection = 'idle';
  let everConnected = false;
  const listeners = new Set<() => void>();
  const set = (next: LiveConnection) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  const socket = createClient({
    url: socketUrl(options.url),
    lazy: true,
    lazyCloseTimeout: 1_000,
    retryAttempts: 20,
    shouldRetry: (event) => (event as { code?: number } | null)?.code !== FORBIDDEN,
    on: {
      connecting: () => set(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        set('connected');
      },
      closed: (event) => {
        if ((event as { code?: number } | null)?.code === FORBIDDEN) options.onUnauthenticated();
        set('idle');
      },
    },
  });
  return {
    socket,
    status: {
      get: () => state,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

/** `/graphql` (or an http(s) URL) as the ws(s) URL of the same place. */
function socketUrl(url: string): string {
  const absolute = new URL(url, window.location.href);
  absolute.protocol = absolute.protocol === 'https:' ? 'wss:' : 'ws:';
  return absolute.toString();
}

const statuses = new WeakMap<Client, LiveStatus>();
const IDLE: LiveStatus = { get: () => 'idle', subscribe: () => () => {} };

/** Links a urql client to the state of its WebSocket (`useLiveConnection` reads it). */
export function attachLiveStatus(client: Client, status: LiveStatus): void {
  statuses.set(client, status);
}

/** The state of the current urql client's WebSocket ('idle' for a client without one). */
export function useLiveConnection(): LiveConnection {
  const status = statuses.get(useClient()) ?? IDLE;
  return useSyncExternalStore(status.subscribe, status.get);
}
