import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/** The fields an operation asks for at its root, through fragments too (`__typename` aside). */
export function countRootFields(
  selectionSet: SelectionSetNode,
  context: Pick<ValidationContext, 'getFragment'>,
): number {
  const seen = new Set<string>();
  const count = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') total++;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        // A fragment spread twice selects its fields once; a cycle is refused by GraphQL's own rule.
        seen.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) total += count(fragment.selectionSet);
      }
    }
    return total;
  };
  return count(selectionSet);
}

/**
 * Refuses an operation with more than `max` root fields: each is a use case of its own (a database read at least),
 * so their number bounds the work one request can start.
 */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const found = countRootFields(operation.selectionSet, context);
      if (found > max) {
        context.reportError(
          new GraphQLError(`Root field limit of ${max} exceeded, found ${found}.`, { nodes: [operation] }),
        );
      }
    },
  });
}
