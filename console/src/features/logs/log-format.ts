/**
 * How logs show times and durations: requests take fractions of a millisecond to a few, and arrive many a second,
 * so durations keep a tenth of a millisecond and times keep milliseconds.
 */

/** 0.3 → "0.3 ms", 12.46 → "12.5 ms", 1234 → "1.23 s"; below 0.05 ms "< 0.1 ms" (never "0 ms"). */
export function formatLogDuration(milliseconds: number): string {
  if (milliseconds < 0.05) return '< 0.1 ms';
  if (milliseconds < 999.95) return `${milliseconds.toFixed(1)} ms`;
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});

/** A log's time in the reader's locale and time zone, to the millisecond. */
export function formatLogTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** The path of a URL ("https://x/webhooks/custom/a/b" → "/webhooks/custom/a/b"), or the text when it is not one. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
