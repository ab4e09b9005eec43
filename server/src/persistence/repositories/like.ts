/** An ILIKE pattern matching `text` anywhere, with the pattern's own wildcards (and the escape) taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
