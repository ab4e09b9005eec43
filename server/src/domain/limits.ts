/**
 * Bounds on what one ingestion request may make the server compute or store. Each refusal names the attribute
 * and the limit, so that a sender can fix its request; none of them is configurable, because the console, the
 * dry run and every instance must agree on them.
 */
export const INGESTION_LIMITS = {
  /**
   * Objects and lists nested inside one another in a JSON body. Real payloads rarely pass 10; deeper ones are
   * refused before parsing (400 INVALID_JSON), so that no step downstream (filters, mapping, redaction) has to
   * walk thousands of levels.
   */
  jsonDepth: 64,
  /** Distinct labels one opt_in may add. */
  labelsPerEvent: 100,
  /** Labels one member may hold: an opt_in that would go past it is refused whole. */
  labelsPerMember: 1_000,
  /** Characters of one label. */
  labelLength: 100,
  /** Characters of an email address (RFC 5321's longest path). */
  emailLength: 254,
  /** Characters of a first or last name. */
  nameLength: 100,
  /** The smallest amount of points: balances are stored with 4 decimals. */
  pointsDecimals: 4,
} as const;

/**
 * Bounds on what one account may configure, over all its webhooks that are not archived (archived ones never run).
 * Like the ingestion limits, they are not configurable. One filter's own bounds are `LIMITS` of `@intake/rules`.
 */
export const ACCOUNT_LIMITS = {
  /**
   * MATCHES conditions (regular expressions) over the account's live webhooks, nested groups included: each is
   * compiled and cached by every instance, and run on the requests of its webhook.
   */
  matchesConditions: 500,
} as const;

/**
 * Why a filter holding `own` MATCHES conditions cannot be saved beside the account's other live webhooks, which
 * hold `others`, or null when it fits.
 */
export function accountMatchesProblem(others: number, own: number): string | null {
  const limit = ACCOUNT_LIMITS.matchesConditions;
  if (others + own <= limit) return null;
  return `An account has at most ${limit} MATCHES conditions in webhooks that are not archived; the other webhooks hold ${others} and this filter ${own}. Remove some, or archive webhooks you no longer use.`;
}
