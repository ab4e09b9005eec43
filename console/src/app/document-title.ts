import { useEffect } from 'react';
import { useMatches } from 'react-router-dom';

export const PRODUCT_NAME = 'Intake';

/** What a route says about itself (routes.tsx). */
export interface RouteHandle {
  /** Its document title: a fixed text, or `null` when the screen sets it (a name it loads). */
  title?: string | null;
  /** Fetches the screen's chunk. */
  preload?: () => Promise<unknown>;
}

/**
 * Sets the tab's title to "<title> · Intake" (screen readers announce it on navigation; tabs and history tell the
 * screens apart). Nothing happens while `title` is undefined, e.g. while the name it shows is loading.
 */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · ${PRODUCT_NAME}`;
  }, [title]);
}

/**
 * The title the deepest route that names one gives (`handle.title`). A route whose title is `null` leaves it to
 * its screen (a webhook's name), so this sets nothing there.
 */
export function useRouteTitle(): void {
  const matches = useMatches();
  let title: string | null | undefined;
  for (const match of matches) {
    const handle = match.handle as RouteHandle | undefined;
    if (handle && handle.title !== undefined) title = handle.title;
  }
  useDocumentTitle(title);
}
