import { MantineProvider } from '@mantine/core';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { Provider as UrqlProvider } from 'urql';
import { router } from './routes';
import { SessionContext, loginPathFor, type Session } from './session';
import { cssVariablesResolver, theme } from './theme';
import { createUrqlClient } from './urql-client';
import { paths } from './paths';
import { prefetchWebhookList } from '../features/webhooks/list/webhooks-list-query';

const Toasts = lazy(() => import('./Toasts'));

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

  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Suspense fallback={null}>
        <Toasts />
      </Suspense>
      <SessionContext.Provider value={session}>
        <UrqlProvider value={client}>
          <RouterProvider router={router} />
        </UrqlProvider>
      </SessionContext.Provider>
    </MantineProvider>
  );
}
