import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

/** Named exactly as the contract: `scalar JSON`, `scalar DateTime`. */
export const JSONScalar = JSONResolver;
export const DateTimeScalar = DateTimeResolver;
