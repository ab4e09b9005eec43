import { MantineProvider } from '@mantine/core';
import { notificationsStore } from '@mantine/notifications';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { Provider as UrqlProvider } from 'urql';
import { router } from './routes';
import { SessionContext, loginPathFor, type Session } from './session';
import { cssVariablesResolver, theme } from './theme';
import { createUrqlClient } from './urql-client';
import { paths } from './paths';
import { prefetchWebhookList } from '../features/webhooks/list/webhooks-list-query';

const Toasts = lazy(() => import('./Toasts'));

/**
 * True from the first toast on, or once the page has been idle a while after loading: the toasts' chunk
 * (transitions, drag to dismiss) then does not compete with the first screen's scripts and queries on a slow link.
 * A toast shown before it has loaded waits in Mantine's store and appears then. (Loading it on the first click
 * instead re-rendered the app under that click, and a switch clicked at once could lose its change.)
 */
const TOASTS_AFTER_LOAD_MS = 3_000;

function useToastsWanted(): boolean {
  const [wanted, setWanted] = useState(() => notificationsStore.getState().notifications.length > 0);
  useEffect(() => {
    if (wanted) return;
    const want = () => setWanted(true);
    const unsubscribe = notificationsStore.subscribe(want);
    let idle: number | undefined;
    const timer = window.setTimeout(() => {
      idle = window.requestIdleCallback ? window.requestIdleCallback(want, { timeout: 2_000 }) : undefined;
      if (idle === undefined) want();
    }, TOASTS_AFTER_LOAD_MS);
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, [wanted]);
  return wanted;
}

/** Any operation that finds the session gone sends the admin to sign in, remembering where they were. */
function goToSignIn() {
  const location = router.state.location;
  if (location.pathname === paths.login) return;
  void router.navigate(loginPathFor(location), { replace: true });
}

export function App() {
  const newClient = useCallback(() => createUrqlClient({ onUnauthenticated: goToSignIn }), []);
  const [client, setClient] = useState(() => {
    const first = newClient();
    // The list's first page travels beside the session check instead of after it.
    prefetchWebhookList(first, window.location);
    return first;
  });
  const session = useMemo<Session>(
    () => ({ signedIn: () => setClient(newClient()), signedOut: () => setClient(newClient()) }),
    [newClient],
  );

  const toastsWanted = useToastsWanted();

  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      {toastsWanted && (
        <Suspense fallback={null}>
          <Toasts />
        </Suspense>
      )}
      <SessionContext.Provider value={session}>
        <UrqlProvider value={client}>
          <RouterProvider router={router} />
        </UrqlProvider>
      </SessionContext.Provider>
    </MantineProvider>
  );
}
