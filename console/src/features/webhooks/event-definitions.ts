import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EventDefinitionsQuery } from '../../gql/graphql';

/**
 * The loyalty events a webhook can register. A module of its own, apart from the editor's Action section: the
 * webhooks list labels actions with it and must not load the editor's chunks to do so.
 */
const EventDefinitionsQueryDocument = graphql(`
  query EventDefinitions {
    eventDefinitions {
      name
      label
      description
      attributes {
        path
        type
        required
        description
      }
    }
  }
`);

export type EventDefinition = EventDefinitionsQuery['eventDefinitions'][number];

/** Rarely changes, so the cached copy is used everywhere. */
export function useEventDefinitions() {
  const [{ data, fetching, error }] = useQuery({ query: EventDefinitionsQueryDocument });
  return { definitions: data?.eventDefinitions, fetching, error };
}
