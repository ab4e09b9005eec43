import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, createBrowserRouter, matchRoutes, type RouteObject } from 'react-router-dom';
import { LoadingState } from '../components/QueryStates';
import { AdminOnly } from '../features/auth/AdminOnly';
import { RequireAuth } from '../features/auth/RequireAuth';
import { loadAllStyles } from './all-styles-loader';
import { AppLayout } from './AppLayout';
import type { RouteHandle } from './document-title';
import { RouteError } from './RouteError';
import { paths } from './paths';

type ScreenModule = { default: ComponentType };

/**
 * A screen in its own chunk, which can also be fetched before React renders it. It shows once all of Mantine's
 * styles have loaded too, except the list (`listStyles`), whose styles the entry carries.
 */
function screen(load: () => Promise<ScreenModule>, styles: 'all' | 'listStyles' = 'all') {
  let loaded: ScreenModule | undefined;
  let loading: Promise<ScreenModule> | undefined;
  const preload = () =>
    (loading ??= (styles === 'all' ? Promise.all([load(), loadAllStyles()]).then(([module]) => module) : load()).then(
      (module) => (loaded = module),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  // A screen fetched already renders at once. React.lazy suspends on its first render even when the module is
  // there (a promise calls back later), and Suspense then keeps its fallback up to 300 ms before showing the screen:
  // on the list's first visit the first row waited for that. A thenable that calls back at once avoids it.
  const alreadyLoaded = (module: ScreenModule) =>
    ({ then: (resolve: (value: ScreenModule) => void) => resolve(module) }) as unknown as Promise<ScreenModule>;
  return Object.assign(
    lazy(() => (loaded ? alreadyLoaded(loaded) : preload())),
    { preload },
  );
}

/** Every screen is its own chunk, so the first load carries only the frame and the screen asked for. */
const LoginPage = screen(() => import('../features/auth/LoginPage'));
const WebhooksPage = screen(() => import('../features/webhooks/list/WebhooksPage'), 'listStyles');
const BlueprintPicker = screen(() => import('../features/webhooks/create/BlueprintPicker'));
const CreateWebhookPage = screen(() => import('../features/webhooks/create/CreateWebhookPage'));
const WebhookPage = screen(() => import('../features/webhooks/detail/WebhookPage'));
const WebhookSettingsTab = screen(() => import('../features/webhooks/editor/WebhookSettingsTab'));
const TestPanel = screen(() => import('../features/webhooks/test-panel/TestPanel'));
const LogsTab = screen(() => import('../features/webhooks/logs/LogsTab'));
const LogDetail = screen(() => import('../features/webhooks/logs/LogDetail'));
const HistoryTab = screen(() => import('../features/webhooks/history/HistoryTab'));
const LogsPage = screen(() => import('../features/logs/LogsPage'));
const CustomersPage = screen(() => import('../features/customers/CustomersPage'));
const CustomerPage = screen(() => import('../features/customers/CustomerPage'));
const ApiKeysPage = screen(() => import('../features/account/ApiKeysPage'));
const UsersPage = screen(() => import('../features/account/UsersPage'));

/**
 * A route's handle: its document title (see document-title.ts; `null`: the screen names it after what it loads)
 * and the screen it shows, fetched at start when the console opens on it.
 */
const handle = (title: string | null | undefined, shown?: { preload: () => Promise<unknown> }): RouteHandle => ({
  title,
  preload: shown?.preload,
});

export const routes: RouteObject[] = [
  {
    path: paths.login,
    errorElement: <RouteError />,
    handle: handle(undefined, LoginPage),
    element: (
      <Suspense fallback={<LoadingState />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    errorElement: <RouteError />,
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to={paths.webhooks} replace />, handle: handle(undefined, WebhooksPage) },
      { path: 'incoming-webhooks', element: <WebhooksPage />, handle: handle('Webhooks', WebhooksPage) },
      {
        path: 'incoming-webhooks/new',
        element: (
          <AdminOnly what="creating a webhook">
            <BlueprintPicker />
          </AdminOnly>
        ),
        handle: handle('Create webhook', BlueprintPicker),
      },
      {
        path: 'incoming-webhooks/new/:blueprintId',
        element: (
          <AdminOnly what="creating a webhook">
            <CreateWebhookPage />
          </AdminOnly>
        ),
        handle: handle('New webhook', CreateWebhookPage),
      },
      {
        path: 'incoming-webhooks/:webhookId',
        element: <WebhookPage />,
        handle: handle(null, WebhookPage),
        children: [
          { index: true, element: <WebhookSettingsTab />, handle: handle(undefined, WebhookSettingsTab) },
          { path: 'test', element: <TestPanel />, handle: handle(undefined, TestPanel) },
          { path: 'logs', element: <LogsTab />, handle: handle(undefined, LogsTab) },
          { path: 'logs/:logId', element: <LogDetail />, handle: handle(undefined, LogDetail) },
          { path: 'history', element: <HistoryTab />, handle: handle(undefined, HistoryTab) },
        ],
      },
      { path: 'logs', element: <LogsPage />, handle: handle('Logs', LogsPage) },
      { path: 'logs/:logId', element: <LogDetail />, handle: handle('Request log', LogDetail) },
      { path: 'customers', element: <CustomersPage />, handle: handle('Customers', CustomersPage) },
      { path: 'customers/:customerId', element: <CustomerPage />, handle: handle(null, CustomerPage) },
      {
        path: 'account/api-keys',
        element: (
          <AdminOnly what="managing API keys">
            <ApiKeysPage />
          </AdminOnly>
        ),
        handle: handle('API keys', ApiKeysPage),
      },
      {
        path: 'account/users',
        element: (
          <AdminOnly what="managing users">
            <UsersPage />
          </AdminOnly>
        ),
        handle: handle('Users', UsersPage),
      },
      { path: '*', element: <Navigate to={paths.webhooks} replace /> },
    ],
  },
];

/**
 * The screens of the URL the console opens on start downloading now, beside the session check (`me`) instead of
 * after it: on a slow link that is one round trip and a chunk's download less before the first row shows.
 */
export function preloadScreensFor(location: { pathname: string }): void {
  for (const match of matchRoutes(routes, location) ?? []) {
    // A chunk that fails to load fails again when rendered, where RouteError explains it.
    (match.route.handle as RouteHandle | undefined)?.preload?.().catch(() => {});
  }
}

export const router = createBrowserRouter(routes);
preloadScreensFor(window.location);
