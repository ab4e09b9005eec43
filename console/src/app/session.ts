import { createContext, useContext } from 'react';
import { paths } from './paths';

/**
 * Signing in or out swaps the urql client for a fresh one, so no cached data of one session is ever shown in
 * the next. App owns the client; screens only announce the change.
 */
export interface Session {
  /** After a successful login: start a fresh cache. */
  signedIn: () => void;
  /** After logout: drop the cache. */
  signedOut: () => void;
}

export const SessionContext = createContext<Session>({ signedIn: () => {}, signedOut: () => {} });

export function useSession(): Session {
  return useContext(SessionContext);
}

/** Where to return after signing in: only a path inside the console, never another site (`//evil.example`). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith(paths.login)) return paths.webhooks;
  return next;
}

export function loginPathFor(location: { pathname: string; search: string; hash?: string }): string {
  const current = `${location.pathname}${location.search}${location.hash ?? ''}`;
  return `/login?next=${encodeURIComponent(current)}`;
}
