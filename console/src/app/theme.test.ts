import { darken, DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrastRatio, cssVariablesResolver, theme } from './theme';

const resolved = mergeMantineTheme(DEFAULT_THEME, theme);
const { light, dark } = cssVariablesResolver(resolved);
const colors = resolved.colors;
const AA = 4.5;

/** A variable's value, following `var(--…)` references through the resolver's own output and the palette. */
function value(scheme: Record<string, string>, name: string): string {
  const found = scheme[name];
  if (found === undefined) {
    const shade = /^--mantine-color-(\w+)-(\d)$/.exec(name);
    if (!shade) throw new Error(`${name} is not resolved`);
    return colors[shade[1]!]![Number(shade[2])]!;
  }
  const reference = /^var\((--[\w-]+)\)$/.exec(found);
  return reference ? value(scheme, reference[1]!) : found;
}

/** The colours the console draws text with: badges (Badges.tsx), alerts, buttons, links. */
const USED = ['indigo', 'green', 'yellow', 'orange', 'red', 'blue', 'gray', 'dark', 'teal'];

describe('theme contrast (WCAG AA, 4.5:1 for text)', () => {
  it.each(USED)('%s: light badges, outline badges, filled buttons and coloured text in the light scheme', (color) => {
    const light1 = colors[color]![1]!;
    expect(contrastRatio(value(light, `--mantine-color-${color}-light-color`), light1)).toBeGreaterThanOrEqual(AA);
    expect(contrastRatio(value(light, `--mantine-color-${color}-outline`), '#ffffff')).toBeGreaterThanOrEqual(AA);
    expect(contrastRatio(value(light, `--mantine-color-${color}-filled`), '#ffffff')).toBeGreaterThanOrEqual(AA);
  });

  it.each(USED)('%s: filled buttons, outline badges and coloured text in the dark scheme', (color) => {
    expect(contrastRatio(value(dark, `--mantine-color-${color}-filled`), '#ffffff')).toBeGreaterThanOrEqual(AA);
    for (const background of [colors.dark[7], colors.dark[6]]) {
      expect(contrastRatio(value(dark, `--mantine-color-${color}-outline`), background)).toBeGreaterThanOrEqual(AA);
      expect(contrastRatio(value(dark, `--mantine-color-${color}-text`), background)).toBeGreaterThanOrEqual(AA);
    }
  });

  it('dimmed text, links and errors in both schemes, also inside alerts of any colour', () => {
    const tints = USED.map((color) => colors[color]!);
    for (const background of ['#ffffff', colors.gray[0], colors.gray[1], ...tints.map((shades) => shades[1]!)]) {
      expect(contrastRatio(value(light, '--mantine-color-dimmed'), background)).toBeGreaterThanOrEqual(AA);
      expect(contrastRatio(value(light, '--mantine-color-anchor'), background)).toBeGreaterThanOrEqual(AA);
    }
    expect(contrastRatio(value(light, '--mantine-color-error'), '#ffffff')).toBeGreaterThanOrEqual(AA);
    for (const background of [colors.dark[7], colors.dark[6], ...tints.map((shades) => darken(shades[9]!, 0.5))]) {
      expect(contrastRatio(value(dark, '--mantine-color-dimmed'), background)).toBeGreaterThanOrEqual(AA);
      expect(contrastRatio(value(dark, '--mantine-color-anchor'), background)).toBeGreaterThanOrEqual(AA);
    }
    expect(contrastRatio(value(dark, '--mantine-color-error'), colors.dark[7])).toBeGreaterThanOrEqual(AA);
  });

  it('keeps each colour as it is where it passes already, and its hue where it does not', () => {
    // gray 9 on gray 1 passes: unchanged. Green is darkened, not turned grey.
    expect(value(light, '--mantine-color-gray-light-color')).toBe(colors.gray[9]);
    const green = value(light, '--mantine-color-green-light-color');
    const [r, g, b] = green.match(/\d+/g)!.map(Number) as [number, number, number];
    expect(g).toBeGreaterThan(r);
    expect(g).toBeGreaterThan(b);
  });
});
