/** A logged request as `buildCurl` reads it. */
export interface CurlSource {
  method: string;
  path: string;
  query?: string | null;
  requestHeaders: unknown;
  requestBody?: string | null;
  bodyTruncated?: boolean;
}

/** What the log keeps in place of a secret (server/src/domain/redaction.ts). */
const REDACTED = '[REDACTED]';

/** Headers the sending client sets itself (or that describe the connection, not the request). */
const SET_BY_CURL = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'expect',
  'te',
  'upgrade',
  'proxy-connection',
]);

/** `'it'\''s'`: a shell word that stands for `text` exactly, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** "x-hub-signature-256" → "X-Hub-Signature-256": how a placeholder names a header. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_all, dash: string, letter: string) => dash + letter.toUpperCase());
}

function withPlaceholders(body: string, placeholders: Set<string>): string {
  const slot = (name: string) => {
    placeholders.add(`<${name}>`);
    return `<${name}>`;
  };
  return (
    body
      // JSON: "api_token": "[REDACTED]" → "api_token": "<api_token>"
      .replace(/"((?:[^"\\]|\\.)*)"(\s*:\s*)"\[REDACTED\]"/g, (_all, key: string, colon: string) => {
        return `"${key}"${colon}"${slot(key)}"`;
      })
      // Forms: api_token=[REDACTED] → api_token=<api_token>
      .replace(/(^|&)([^=&]+)=\[REDACTED\]/g, (_all, start: string, key: string) => `${start}${key}=${slot(key)}`)
      .replaceAll(REDACTED, () => slot('redacted'))
  );
}

export interface CurlCommand {
  command: string;
  /** The placeholders to fill in before sending, e.g. `<X-Signature>`: the secrets the log does not keep. */
  placeholders: string[];
}

/**
 * A curl command that sends the logged request again: its method, the URL (`origin` + path + query), its headers
 * and its body as the log keeps them. Secrets the log does not keep become placeholders to fill in (`<X-Signature>`,
 * `<api_token>`); a body cut at the log's size limit is flagged in a comment. Every word is shell-quoted, so the
 * command means exactly what the log holds.
 */
export function buildCurl(log: CurlSource, origin: string): CurlCommand {
  const placeholders = new Set<string>();
  const slot = (name: string) => {
    placeholders.add(`<${name}>`);
    return `<${name}>`;
  };
  const query = log.query
    ? `?${log.query.replace(/(^|&)([^&=]+)=\[REDACTED\]/g, (_all, start: string, name: string) => `${start}${name}=${slot(name)}`)}`
    : '';
  const lines = [`curl -X ${log.method} ${shellQuote(`${origin.replace(/\/$/, '')}${log.path}${query}`)}`];
  const headers = log.requestHeaders && typeof log.requestHeaders === 'object' ? log.requestHeaders : {};
  for (const [name, raw] of Object.entries(headers as Record<string, unknown>)) {
    if (SET_BY_CURL.has(name.toLowerCase())) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (typeof value !== 'string') continue;
      const shown = value === REDACTED ? slot(headerName(name.toLowerCase())) : value;
      lines.push(`-H ${shellQuote(`${name}: ${shown}`)}`);
    }
  }
  if (log.requestBody != null && log.requestBody !== '') {
    lines.push(`--data-raw ${shellQuote(withPlaceholders(log.requestBody, placeholders))}`);
  }
  const command = lines.join(' \\\n  ');
  return {
    command: log.bodyTruncated
      ? `# The log keeps only the beginning of this body: complete it before sending.\n${command}`
      : command,
    placeholders: [...placeholders],
  };
}
