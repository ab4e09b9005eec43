import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { Client } from '@urql/core';
import type { ReactElement } from 'react';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { Provider as UrqlProvider } from 'urql';
import { ViewerContext, type ViewerInfo } from '../features/auth/viewer-context';
import { mockClient } from './mock-client';

export const ADMIN_VIEWER: ViewerInfo = {
  role: 'ADMIN',
  account: { id: 'acc-1', slug: 'acme', name: 'Acme' },
  user: { id: 'user-1', email: 'admin@acme.test' },
};

interface RenderOptions {
  client?: Client;
  viewer?: ViewerInfo;
  /** The URL the component is rendered at, and the route pattern that matches it. */
  path?: string;
  route?: string;
}

/**
 * Renders inside everything a console component expects: Mantine (test env: no transitions or portals),
 * a mock urql client, the signed-in viewer, and a data router (the editor's unsaved-changes guard needs one).
 */
export function renderWithProviders(ui: ReactElement, options: RenderOptions = {}) {
  const { client = mockClient({}), viewer = ADMIN_VIEWER, path = '/', route = '/' } = options;
  const router = createMemoryRouter(
    [
      { path: route, element: ui },
      { path: '*', element: <p>Elsewhere</p> },
    ],
    { initialEntries: [path] },
  );
  const view = render(
    <MantineProvider env="test">
      <UrqlProvider value={client}>
        <ViewerContext.Provider value={viewer}>
          <RouterProvider router={router} />
        </ViewerContext.Provider>
      </UrqlProvider>
    </MantineProvider>,
  );
  return { ...view, router, client };
}
