import { Alert, Anchor, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { StatusBadge, UnverifiedBadge } from '../../../components/Badges';
import { ArchivedUrl, CopyableUrl } from '../../../components/CopyableUrl';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import { useCanEdit } from '../../auth/viewer-context';
import { hasLiveSecret } from '../editor/verification-model';
import { AUTHENTICATION_SECTION_ID } from '../editor/sections/AuthenticationSection';
import { LifecycleButtons } from '../lifecycle/LifecycleButtons';
import { SCHEME_LABELS } from '../verification-schemes';
import { paths } from '../../../app/paths';
import { useDocumentTitle } from '../../../app/document-title';

/** With the chart library, its own chunk: the header and the tab show first, the charts follow. */
const WebhookStats = lazy(() => import('../stats/WebhookStats'));

const WebhookHeaderQuery = graphql(`
  query WebhookHeader($id: ID!) {
    webhook(id: $id) {
      id
      name
      method
      endpoint
      url
      status
      allowedActions
      version
      verification {
        scheme
        secrets {
          id
          expiresAt
        }
      }
    }
  }
`);

const TABS = [
  { value: 'settings', label: 'Settings', path: '' },
  { value: 'test', label: 'Test', path: '/test' },
  { value: 'logs', label: 'Logs', path: '/logs' },
  { value: 'history', label: 'History', path: '/history' },
] as const;

function currentTab(pathname: string, base: string): string {
  const rest = pathname.slice(base.length);
  return TABS.find((tab) => tab.path !== '' && rest.startsWith(tab.path))?.value ?? 'settings';
}

/**
 * A webhook's page: name, status, URL and lifecycle buttons, its statistics, then the Settings, Test, Logs and
 * History tabs.
 */
export default function WebhookPage() {
  const { webhookId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const canEdit = useCanEdit();
  const [activationRefusal, setActivationRefusal] = useState<string | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WebhookHeaderQuery, variables: { id: webhookId } });
  const base = paths.webhook(webhookId);
  const tab = currentTab(location.pathname, base);
  useDocumentTitle(data?.webhook?.name ?? 'Webhook');

  const webhook = data?.webhook;
  if (!webhook) {
    if (error)
      return (
        <ErrorState
          error={error}
          title="Could not load the webhook"
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      );
    if (fetching || !data) return <LoadingState label="Loading webhook" />;
    return (
      <EmptyView
        title="Webhook not found"
        description={
          <Anchor component={Link} to={paths.webhooks}>
            Back to the webhooks
          </Anchor>
        }
      />
    );
  }

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={paths.webhooks} size="sm">
          ← Webhooks
        </Anchor>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1} size="h2">
                {webhook.name}
              </Title>
              <StatusBadge status={webhook.status} size="lg" />
            </Group>
            <Group gap="xs" align="baseline" wrap="nowrap">
              <Text size="sm" fw={500} c={webhook.status === 'ARCHIVED' ? 'dimmed' : undefined}>
                {webhook.method}
              </Text>
              {/* An archived webhook's endpoint is freed: nothing to copy, and senders get 404. */}
              {webhook.status === 'ARCHIVED' ? (
                <ArchivedUrl url={webhook.url} />
              ) : (
                <CopyableUrl url={webhook.url} label="Copy webhook URL" />
              )}
              {webhook.status !== 'ARCHIVED' && webhook.verification.scheme === 'NONE' && <UnverifiedBadge />}
            </Group>
          </Stack>
          {canEdit && <LifecycleButtons webhook={webhook} onActivationNeedsSecret={setActivationRefusal} />}
        </Group>
      </div>
      {/* Once a secret is added the explanation has done its job. */}
      {activationRefusal && !hasLiveSecret(webhook.verification.secrets) && (
        <Alert
          color="orange"
          title="Add a secret before setting this webhook active"
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setActivationRefusal(null)}
        >
          <Text size="sm">
            This webhook verifies its senders ({SCHEME_LABELS[webhook.verification.scheme]}) but has no live secret, so
            every request would be refused. Add a secret under Authentication in the Settings tab and give it to the
            sender, then set the webhook active. To accept unverified requests instead, choose the scheme None.
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {activationRefusal}
          </Text>
          <Anchor component={Link} to={`${base}#${AUTHENTICATION_SECTION_ID}`} size="sm">
            Go to Authentication
          </Anchor>
        </Alert>
      )}

      <Suspense fallback={<LoadingState label="Loading statistics" />}>
        <WebhookStats webhookId={webhook.id} />
      </Suspense>

      {/* Each tab is a route, so tabs can be linked to (a customer's event links to its log) and lazy-loaded. */}
      <Tabs
        value={tab}
        onChange={(value) => navigate(`${base}${TABS.find((candidate) => candidate.value === value)?.path ?? ''}`)}
      >
        <Tabs.List>
          {TABS.map(({ value, label }) => (
            <Tabs.Tab key={value} value={value}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={tab} pt="md">
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
