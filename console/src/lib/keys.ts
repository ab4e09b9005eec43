let lastKey = 0;

/** A React key for rows the admin adds and removes; never sent to the server. */
export function newKey(): string {
  lastKey += 1;
  return `row-${lastKey}`;
}
