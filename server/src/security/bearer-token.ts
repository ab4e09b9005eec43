/**
 * The credential of an `Authorization: Bearer <token>` value (GraphQL over HTTP and WebSocket, the metrics scrape);
 * null when the value is not of that form.
 */
export function bearerToken(authorization: string): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? null;
}
