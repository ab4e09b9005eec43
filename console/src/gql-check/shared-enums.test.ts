import type * as rules from '@intake/rules';
import { describe, expect, it } from 'vitest';
import type * as schema from '../gql/graphql';

/**
 * The enum lists of `@intake/rules` are what the server builds its GraphQL enums from; the console's generated
 * types come from the committed schema. If they part, this file stops compiling (`pnpm typecheck`).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const agreement: Record<string, true> = {
  HttpMethod: true satisfies Same<schema.HttpMethod, rules.HttpMethod>,
  WebhookStatus: true satisfies Same<schema.WebhookStatus, rules.WebhookStatus>,
  FilterJoin: true satisfies Same<schema.FilterJoin, rules.FilterJoin>,
  FilterOperator: true satisfies Same<schema.FilterOperator, rules.FilterOperator>,
  AttributeType: true satisfies Same<schema.AttributeType, rules.AttributeType>,
  Role: true satisfies Same<schema.Role, rules.Role>,
  RequestOutcome: true satisfies Same<schema.RequestOutcome, rules.RequestOutcome>,
  VerificationScheme: true satisfies Same<schema.VerificationScheme, rules.VerificationScheme>,
  HmacAlgorithm: true satisfies Same<schema.HmacAlgorithm, rules.HmacAlgorithm>,
  SignatureEncoding: true satisfies Same<schema.SignatureEncoding, rules.SignatureEncoding>,
};

describe('the shared enum lists', () => {
  it('equal the generated schema types (checked by the compiler)', () => {
    expect(Object.keys(agreement)).toHaveLength(10);
  });
});
