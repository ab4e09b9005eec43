import { screen, within } from '@testing-library/react';

/** A label's text without the " *" Mantine appends to required fields (hidden from assistive technology). */
function labelled(name: string) {
  return (content: string) => content.replace(/\s*\*$/, '').trim() === name;
}

function inputsLabelled(name: string, container?: HTMLElement): HTMLInputElement[] {
  const scope = container ? within(container) : screen;
  return scope
    .queryAllByLabelText(labelled(name))
    .filter((element): element is HTMLInputElement => element.tagName === 'INPUT' || element.tagName === 'TEXTAREA');
}

/**
 * The input (or textarea) labelled `name`. Mantine also gives a combobox's listbox the input's aria-label, so
 * label queries alone find two elements for every Select and Autocomplete.
 */
export function getInput(name: string, container?: HTMLElement): HTMLInputElement {
  const inputs = inputsLabelled(name, container);
  if (inputs.length !== 1) throw new Error(`Expected one input labelled "${name}", found ${inputs.length}`);
  return inputs[0]!;
}

/** Focuses an input and pastes `text` into it: one change event instead of one per keystroke. */
export async function fill(
  user: { click: (element: Element) => Promise<void>; paste: (text: string) => Promise<void> },
  input: HTMLElement,
  text: string,
) {
  await user.click(input);
  await user.paste(text);
}
