import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { maxRootFieldsRule } from './root-fields.js';

/**
 * What one operation may ask for. Depth, aliases, root fields, directives and tokens are checked on the document
 * (cached once valid); the cost needs the variables (`operationLimits`); the answer size is counted as it is built.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 12,
  maxCost: 20_000,
  maxAliases: 20,
  maxRootFields: 10,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxAnswerBytes: 10 * 1024 * 1024,
} as const;

/**
 * graphql-armor's rules throw by default, which Apollo answers as an unexpected 500; reported through the
 * validation context instead, a refused operation is a 400 GRAPHQL_VALIDATION_FAILED like any invalid query.
 */
const reportRejection = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** The validation rules of the limits above that need only the document (besides GraphQL's own). */
export function documentLimitRules(): ValidationRule[] {
  return [
    // A fragment spread is not a level of nesting. Counted as two (graphql-armor's default), the console's own
    // WebhookSettings query, 7 fields deep through three spreads, was refused as 13 deep.
    maxDepthRule({
      n: GRAPHQL_LIMITS.maxDepth,
      ignoreIntrospection: true,
      exposeLimits: true,
      flattenFragments: true,
      ...reportRejection,
    }),
    maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases, exposeLimits: true, ...reportRejection }),
    maxDirectivesRule({ n: GRAPHQL_LIMITS.maxDirectives, exposeLimits: true, ...reportRejection }),
    maxRootFieldsRule(GRAPHQL_LIMITS.maxRootFields),
  ];
}
