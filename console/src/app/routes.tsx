import { lazy, Suspense } from 'react';
import { Navigate, createBrowserRouter, type RouteObject } from 'react-router-dom';
import { LoadingState } from '../components/QueryStates';
import { RequireAuth } from '../features/auth/RequireAuth';
import { AppLayout } from './AppLayout';
import { RouteError } from './RouteError';
import { paths } from './paths';

/** Every screen is its own chunk, so the first load carries only the frame and the screen asked for. */
const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const WebhooksPage = lazy(() => import('../features/webhooks/list/WebhooksPage'));
const BlueprintPicker = lazy(() => import('../features/webhooks/create/BlueprintPicker'));
const CreateWebhookPage = lazy(() => import('../features/webhooks/create/CreateWebhookPage'));
const WebhookPage = lazy(() => import('../features/webhooks/detail/WebhookPage'));
const WebhookSettingsTab = lazy(() => import('../features/webhooks/editor/WebhookSettingsTab'));
const TestPanel = lazy(() => import('../features/webhooks/test-panel/TestPanel'));
const LogsTab = lazy(() => import('../features/webhooks/logs/LogsTab'));
const LogDetail = lazy(() => import('../features/webhooks/logs/LogDetail'));
const HistoryTab = lazy(() => import('../features/webhooks/history/HistoryTab'));
const CustomersPage = lazy(() => import('../features/customers/CustomersPage'));
const CustomerPage = lazy(() => import('../features/customers/CustomerPage'));

export const routes: RouteObject[] = [
  {
    path: paths.login,
    errorElement: <RouteError />,
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
      { index: true, element: <Navigate to={paths.webhooks} replace /> },
      { path: 'incoming-webhooks', element: <WebhooksPage /> },
      { path: 'incoming-webhooks/new', element: <BlueprintPicker /> },
      { path: 'incoming-webhooks/new/:blueprintId', element: <CreateWebhookPage /> },
      {
        path: 'incoming-webhooks/:webhookId',
        element: <WebhookPage />,
        children: [
          { index: true, element: <WebhookSettingsTab /> },
          { path: 'test', element: <TestPanel /> },
          { path: 'logs', element: <LogsTab /> },
          { path: 'logs/:logId', element: <LogDetail /> },
          { path: 'history', element: <HistoryTab /> },
        ],
      },
      { path: 'logs/:logId', element: <LogDetail /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:customerId', element: <CustomerPage /> },
      { path: '*', element: <Navigate to={paths.webhooks} replace /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
