import {
  getNamedType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Page sizes as the repositories apply them (persistence/pagination.ts; a test keeps the two equal). */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** What one read of the database costs, beside the fields it answers. */
export const DATABASE_READ = 10;

/**
 * Fields that cost more than one unit. Links read through a per-request loader still cost a read: a page of links
 * is one statement, but nested pages multiply. Large texts are priced by their size (about one unit per KiB at
 * their limit) so that a page of request bodies costs what it weighs in the answer. Root fields and paginated
 * fields (those taking `first`) cost a database read without being listed.
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  // Runs the ingestion pipeline (parsing, filters, mapping, a RE2 pattern per MATCHES condition) on a body of up to
  // the request limit: a handful per operation at most.
  'Query.testWebhook': 4_000,
  // An argon2 verification: deliberately slow, so a handful per operation at most.
  'Mutation.login': 5_000,
  // Up to 1,000 webhooks validated (RE2 patterns, expressions) and written in one transaction; an export reads them
  // all with their secrets' count: a few per operation at most.
  'Mutation.importWebhooks': 4_000,
  'Query.exportWebhooks': 1_000,
  // An argon2 hash of the generated password, as costly as a verification.
  'Mutation.createUser': 5_000,
  'Webhook.lastRequest': DATABASE_READ,
  'RequestLog.webhook': DATABASE_READ,
  'RequestLog.event': DATABASE_READ,
  // A read of the webhook's change history per log (not batched) and the filter evaluated again.
  'RequestLog.filterTrace': DATABASE_READ * 5,
  'CustomerEvent.webhook': DATABASE_READ,
  'CustomerEvent.requestLog': DATABASE_READ,
  'CustomerEvent.requestLogExpired': DATABASE_READ,
  'CustomerEvent.customer': DATABASE_READ,
  'RequestLog.requestBody': 64,
  'RequestLog.responseBody': 16,
  'RequestLog.requestHeaders': 16,
  'RequestLog.responseHeaders': 16,
  'CustomerEvent.data': 16,
};

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's variables as sent (not yet coerced). */
  variables: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The price of an operation: every field costs its weight (1 unless listed in FIELD_WEIGHTS; a database read for
 * root and paginated fields), and a paginated field's selection is paid once per item of the page it asks for —
 * `first` read from the literal, the variable, the variable's default or the server's default, whichever applies.
 * Fragments are priced once each (their price depends only on the variables). Introspection is free: it needs
 * credentials and its size is the schema's.
 */
export function operationCost({ schema, document, operation, variables }: CostInput): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const fragmentCosts = new Map<string, number>();

  const pageSize = (value: ValueNode | undefined): number => {
    let first: unknown = null;
    if (value?.kind === Kind.INT) first = Number(value.value);
    else if (value?.kind === Kind.VARIABLE) {
      const name = value.name.value;
      first = variables?.[name] !== undefined ? variables[name] : pageSizeLiteral(defaults.get(name));
    }
    if (typeof first !== 'number' || !Number.isFinite(first)) return PAGE_SIZE.default;
    // Out of range is refused by the resolver with its own message; priced at the bound meanwhile.
    return Math.min(Math.max(Math.trunc(first), 1), PAGE_SIZE.max);
  };

  const selectionCost = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, isRoot: boolean): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          cost = fragment && type && isCompositeType(type) ? selectionCost(fragment.selectionSet, type, false) : 0;
          fragmentCosts.set(name, cost);
        }
        total += cost;
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += selectionCost(selection.selectionSet, type, isRoot);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      // Unions have no fields of their own; validation has already refused unknown fields.
      const field = 'getFields' in parent ? parent.getFields()[name] : undefined;
      if (!field) continue;
      const firstArgument = field.args.find((arg) => arg.name === 'first');
      const weight = FIELD_WEIGHTS[`${parent.name}.${name}`] ?? (isRoot || firstArgument ? DATABASE_READ : 1);
      if (!selection.selectionSet) {
        total += weight;
        continue;
      }
      const named = getNamedType(field.type);
      const children = isCompositeType(named) ? selectionCost(selection.selectionSet, named, false) : 0;
      const items = firstArgument ? pageSize(selection.arguments?.find((arg) => arg.name.value === 'first')?.value) : 1;
      total += weight + items * children;
    }
    return total;
  };

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root, true) : 0;
}

function pageSizeLiteral(value: ValueNode | undefined): number | null {
  return value?.kind === Kind.INT ? Number(value.value) : null;
}
