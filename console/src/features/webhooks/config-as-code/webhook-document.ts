import { parseJsonText } from '@intake/rules';

/**
 * The webhooks document as the console handles it: text read from a file or pasted, the subset an admin chooses
 * to download, and the file it is saved as. The document's rules are the server's; only JSON syntax is checked
 * here, in the server's words.
 */

/** What the console reads of an exported document: enough to list and choose its webhooks. */
export interface WebhookDocument {
  format: string;
  version: number;
  webhooks: { name: string; endpoint: string; status?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export function isWebhookDocument(value: unknown): value is WebhookDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const webhooks = (value as { webhooks?: unknown }).webhooks;
  return Array.isArray(webhooks);
}

/** The document with only the webhooks at `endpoints`, in its order. */
export function chooseWebhooks(document: WebhookDocument, endpoints: ReadonlySet<string>): WebhookDocument {
  return { ...document, webhooks: document.webhooks.filter((webhook) => endpoints.has(webhook.endpoint)) };
}

/** `intake-webhooks-<account>-<YYYY-MM-DD>.json`, the day in UTC like `exportedAt`. */
export function documentFileName(accountSlug: string, at: Date): string {
  return `intake-webhooks-${accountSlug}-${at.toISOString().slice(0, 10)}.json`;
}

/** Pretty-printed with a final newline, as the CLI writes it: a file that reads well in a diff. */
export function documentText(document: WebhookDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The server takes GraphQL requests of at most 1 MiB; the operation around the document needs a little of it. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024 - 1024;

/**
 * The JSON value of the text, or why it cannot be sent: not JSON (the server's words), empty, or larger than a
 * request may be (it is sent without the file's indentation).
 */
export function readDocumentText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: false, message: 'Choose a file or paste a document exported from Intake.' };
  const parsed = parseJsonText(text);
  if (parsed.ok && new TextEncoder().encode(JSON.stringify(parsed.value)).length > MAX_DOCUMENT_BYTES) {
    return {
      ok: false,
      message: 'The document is larger than the 1 MiB a request may carry: import it with pnpm cli webhooks:import.',
    };
  }
  return parsed;
}

/** Saves `text` as a file through the browser's download. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
