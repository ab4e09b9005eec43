import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** Sorted, so that the committed file changes only when the API does. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return `# Generated from the server code by \`pnpm schema:emit\`. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
