import { Kbd, Text } from '@mantine/core';
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { SectionToggle } from './sections/EditorSection';

/** The editor's sections, in their order, and the input paths (first segment) each holds. */
const SECTION_FIELDS = {
  name: ['name'],
  request: ['method', 'endpoint'],
  authentication: ['verification'],
  idempotency: ['idempotency'],
  filter: ['filter'],
  action: ['action'],
  split: ['splitOn'],
  mapping: ['mapping'],
  response: ['successResponse', 'errorResponse'],
} as const;

export type SectionKey = keyof typeof SECTION_FIELDS;
const SECTION_KEYS = Object.keys(SECTION_FIELDS) as SectionKey[];

/** The section showing the input at `path` (`mapping[2].from` → mapping). */
export function sectionOf(path: string): SectionKey | undefined {
  const head = /^[A-Za-z]+/.exec(path)?.[0];
  return SECTION_KEYS.find((key) => (SECTION_FIELDS[key] as readonly string[]).includes(head ?? ''));
}

/**
 * Which sections are collapsed, kept while editing (the sections stay mounted when collapsed). `toggles` are stable
 * per open/closed state, so memoised sections re-render only when their own state flips.
 */
export function useSections() {
  const [collapsed, setCollapsed] = useState<ReadonlySet<SectionKey>>(new Set());
  const toggles = useMemo(
    () =>
      Object.fromEntries(
        SECTION_KEYS.map((key) => [
          key,
          {
            opened: !collapsed.has(key),
            onToggle: () =>
              setCollapsed((current) => {
                const next = new Set(current);
                if (!next.delete(key)) next.add(key);
                return next;
              }),
          },
        ]),
      ) as Record<SectionKey, SectionToggle>,
    [collapsed],
  );
  // Stable (state setters only): the controls given them are memoised and skip rendering while the admin types.
  const actions = useMemo(
    () => ({
      collapseAll: () => setCollapsed(new Set(SECTION_KEYS)),
      expandAll: () => setCollapsed(new Set()),
      open: (key: SectionKey | undefined) =>
        key &&
        setCollapsed((current) => {
          if (!current.has(key)) return current;
          const next = new Set(current);
          next.delete(key);
          return next;
        }),
      /** Sections holding a problem open by themselves: a problem is never hidden in a collapsed section. */
      openFor: (paths: readonly string[]) =>
        setCollapsed((current) => {
          const next = new Set(current);
          for (const path of paths) {
            const key = sectionOf(path);
            if (key) next.delete(key);
          }
          return next.size === current.size ? current : next;
        }),
    }),
    [],
  );
  return { toggles, allCollapsed: collapsed.size === SECTION_KEYS.length, ...actions };
}

function describedText(element: Element): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
    .join(' ');
}

/**
 * The input an error summary item names: within its section, the invalid input whose description carries the
 * message; else the first control of the row whose inline message it is (a mapping row's, a condition's); else the
 * section's title. Inputs need no id for this: Mantine marks an input with an error aria-invalid and describes it by
 * the message.
 */
function fieldAt(form: HTMLElement, path: string, message: string | undefined): HTMLElement | null {
  const key = sectionOf(path);
  const section = key ? form.querySelector<HTMLElement>(`[data-editor-section="${key}"]`) : null;
  if (!section) return null;
  const invalid = [...section.querySelectorAll<HTMLElement>('[aria-invalid="true"]')];
  const described = message ? invalid.find((input) => describedText(input).includes(message)) : undefined;
  if (described ?? invalid[0]) return described ?? invalid[0]!;
  const alert = [...section.querySelectorAll<HTMLElement>('[role="alert"]')].find(
    (element) => message && element.textContent?.includes(message),
  );
  const row = alert?.closest<HTMLElement>('[role="group"], fieldset');
  const control = row?.querySelector<HTMLElement>('input, textarea, button');
  return control ?? section.querySelector<HTMLElement>('h2 button, h2');
}

/** Scrolls to and focuses the input an error is about, once its section has opened (the next frame). */
export function focusFieldAt(form: HTMLElement | null, path: string, message: string | undefined): void {
  if (!form) return;
  requestAnimationFrame(() => {
    const target = fieldAt(form, path, message);
    if (!target) return;
    if (target.tagName === 'H2') target.tabIndex = -1;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  });
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Ctrl+S (⌘S on a Mac) saves from anywhere on the page, inputs included, instead of the browser's "Save page"
 * dialog. The form is submitted as its button would submit it, so the same checks run.
 */
export function useSaveShortcut(form: RefObject<HTMLFormElement | null>, active: boolean, enabled: boolean): void {
  useEffect(() => {
    // A read-only editor leaves the keys alone (the browser's own Save page then works as anywhere else).
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 's')
        return;
      // Never the browser's dialog while an editor is open, even when there is nothing to save.
      event.preventDefault();
      if (enabled && !event.repeat) form.current?.requestSubmit();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [form, active, enabled]);
}

/** The shortcut, shown beside the Save button (the button itself announces it through aria-keyshortcuts). */
export function SaveShortcutHint() {
  return (
    <Text size="xs" c="dimmed" aria-hidden>
      {IS_MAC ? <Kbd size="xs">⌘S</Kbd> : <Kbd size="xs">Ctrl+S</Kbd>}
    </Text>
  );
}
