/**
 * The full ingestion URL. A saved webhook's `url` comes from the server (its public base may differ from the
 * console's origin), so while its endpoint is edited only the last segment is swapped. A new webhook has no
 * `url` yet: the preview assumes the console and ingestion share an origin, as they do when served together.
 */
export function urlWithEndpoint(savedUrl: string, savedEndpoint: string, endpoint: string): string {
  const suffix = `/${savedEndpoint}`;
  return savedUrl.endsWith(suffix) ? `${savedUrl.slice(0, -savedEndpoint.length)}${endpoint}` : savedUrl;
}

export function previewUrl(accountSlug: string, endpoint: string): string {
  return `${window.location.origin}/webhooks/custom/${accountSlug}/${endpoint}`;
}
