import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { EmptyView, ErrorState, LoadingState } from '../../../components/QueryStates';
import { graphql } from '../../../gql';
import type { BlueprintsQuery } from '../../../gql/graphql';
import { paths } from '../../../app/paths';

const BlueprintsQueryDocument = graphql(`
  query Blueprints {
    blueprints {
      id
      name
      description
      category
      template {
        method
        endpoint
        action
        successResponse
        errorResponse
        filter {
          ...FilterGroupFields
        }
        mapping {
          ...MappingFields
        }
        verification {
          scheme
          header
          algorithm
          encoding
          prefix
          timestampHeader
          toleranceSeconds
          username
        }
        idempotency {
          key
          windowHours
        }
        splitOn
      }
    }
  }
`);

export type Blueprint = BlueprintsQuery['blueprints'][number];

export function useBlueprints() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: BlueprintsQueryDocument });
  return { blueprints: data?.blueprints, fetching, error, retry: () => reexecute({ requestPolicy: 'network-only' }) };
}

/** Cards are grouped in this order: start from scratch, then the product's examples, then integrations. */
const CATEGORY_ORDER = ['basic', 'example', 'mparticle', 'shop'];
const CATEGORY_TITLES: Record<string, string> = {
  basic: 'Start from scratch',
  example: 'Examples',
  mparticle: 'mParticle',
  shop: 'Shops',
};

function byCategory(blueprints: readonly Blueprint[]): [string, Blueprint[]][] {
  const groups = new Map<string, Blueprint[]>();
  for (const blueprint of blueprints) {
    groups.set(blueprint.category, [...(groups.get(blueprint.category) ?? []), blueprint]);
  }
  const rank = (category: string) => {
    const index = CATEGORY_ORDER.indexOf(category);
    return index === -1 ? CATEGORY_ORDER.length : index;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b));
}

/** Step one of creating a webhook: pick a blueprint card; the editor opens prefilled from it. */
export default function BlueprintPicker() {
  const { blueprints, fetching, error, retry } = useBlueprints();

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Create webhook
        </Title>
        <Text c="dimmed">Choose a starting point. You can change everything in the editor before saving.</Text>
      </div>
      {error && !blueprints && <ErrorState error={error} title="Could not load the blueprints" onRetry={retry} />}
      {fetching && !blueprints && <LoadingState label="Loading blueprints" />}
      {blueprints && blueprints.length === 0 && <EmptyView title="No blueprints available" />}
      {blueprints &&
        byCategory(blueprints).map(([category, cards]) => (
          <Stack key={category} gap="sm" component="section" aria-label={CATEGORY_TITLES[category] ?? category}>
            <Title order={2} size="h4">
              {CATEGORY_TITLES[category] ?? category}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {cards.map((blueprint) => (
                <BlueprintCard key={blueprint.id} blueprint={blueprint} />
              ))}
            </SimpleGrid>
          </Stack>
        ))}
    </Stack>
  );
}

function BlueprintCard({ blueprint }: { blueprint: Blueprint }) {
  const { template } = blueprint;
  return (
    <Card withBorder padding="md" component="article" aria-label={blueprint.name}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{blueprint.name}</Text>
          {template.action && (
            <Badge variant="light" ff="monospace" tt="none">
              {template.action}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {blueprint.description}
        </Text>
        {/* The visible text is the accessible name: one that differed failed axe (label-content-name-mismatch). */}
        <Button component={Link} to={paths.newWebhookFrom(blueprint.id)} variant="light">
          Use {blueprint.name}
        </Button>
      </Stack>
    </Card>
  );
}
