const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A DateTime scalar (ISO 8601 text) in the reader's locale and time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(2)} s`;
}

export function formatPoints(points: number): string {
  return new Intl.NumberFormat().format(points);
}

/** A scalar filter or mapping value shown inline: strings quoted, so "10" and 10 stay distinguishable. */
export function formatJsonValue(value: unknown): string {
  if (value === undefined) return '—';
  return JSON.stringify(value);
}
