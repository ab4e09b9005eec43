import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context.js';

/**
 * Told of every GraphQL operation answered: its name (null when anonymous or never parsed), whether its document
 * passed validation, and the code of its first error (null: none). Metrics; must be cheap and must not throw.
 */
export type OperationObserver = (name: string | null, validated: boolean, errorCode: string | null) => void;

/** Reports each answered operation to `observe`, once, with the code its first error leaves the API with. */
export function operationMetrics(observe: OperationObserver): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let validated = false;
      return {
        async didResolveOperation() {
          validated = true;
        },
        async willSendResponse({ operationName, request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          observe(
            operationName ?? request.operationName ?? null,
            validated,
            errors?.length ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : null,
          );
        },
      };
    },
  };
}
