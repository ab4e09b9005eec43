import { createTheme, darken, lighten, luminance, type CSSVariablesResolver, type MantineTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  // Plain objects, not `Modal.extend(…)`: importing the components here would put them in the first chunk.
  components: {
    Modal: {
      defaultProps: {
        // Mantine's close buttons are icons without a name: screen readers announced only "button".
        closeButtonProps: { 'aria-label': 'Close dialog' },
        // The dialog's <header> would be a second banner landmark beside the page's.
        attributes: { header: { role: 'none' } },
      },
    },
    Notification: {
      // Toasts confirm what just happened: read out politely (status), not as an interrupting alert.
      defaultProps: { role: 'status', closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      // Mantine draws the message in gray 6 (3.3:1 on white); dimmed text is readable (see the resolver below).
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
  },
});

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Text (and small-text badges) needs 4.5:1 against its background (WCAG 1.4.3, AA). A little above it, so that
 * anti-aliasing and translucent backgrounds do not tip a colour under.
 */
export const TEXT_CONTRAST = 4.6;

/**
 * The colour moved toward black (or white) in small steps until it reaches `ratio` against `background`: the same
 * hue, as little darker (lighter) as needed. Returns the colour as it is when it already does.
 */
export function withContrast(color: string, background: string, toward: 'black' | 'white', ratio = TEXT_CONTRAST) {
  for (let step = 0; step <= 50; step++) {
    const candidate = step === 0 ? color : toward === 'black' ? darken(color, step / 50) : lighten(color, step / 50);
    if (contrastRatio(candidate, background) >= ratio) return candidate;
  }
  return toward === 'black' ? '#000000' : '#ffffff';
}

/**
 * Mantine's default colours fail WCAG AA in many places the console uses them (axe-core, issue 12): dimmed text
 * (gray 6 on white, 3.3:1), the indigo primary under white text and as link text (4.3:1), light badges (green 9 on
 * green 1, 3.8:1; orange, 3.6:1), outline badges (green 6 on white, 2.4:1), error text. This resolver keeps every
 * colour's hue — a green badge stays green — and darkens (in the dark scheme, lightens) only the shades text is
 * drawn with, until each reaches 4.5:1 against the background it is drawn on.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved: MantineTheme) => {
  const colors = resolved.colors;
  const white = resolved.white;
  const darkBody = colors.dark[7];
  const darkSurface = colors.dark[6];
  const light: Record<string, string> = {};
  const dark: Record<string, string> = {};

  for (const name of Object.keys(colors)) {
    const shades = colors[name]!;
    if (shades.length < 10) continue;
    // Light scheme: filled backgrounds under white text, text on the light tint and on white (outline, Text c=…).
    const filled = withContrast(shades[6]!, white, 'black');
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.12);
    light[`--mantine-color-${name}-light-color`] = withContrast(shades[9]!, shades[1]!, 'black');
    light[`--mantine-color-${name}-outline`] = filled;
    // Dark scheme: filled backgrounds under white text; text on the dark body (outline, Text c=…, anchors).
    const darkFilled = withContrast(shades[8]!, white, 'black');
    dark[`--mantine-color-${name}-filled`] = darkFilled;
    dark[`--mantine-color-${name}-filled-hover`] = darken(darkFilled, 0.12);
    dark[`--mantine-color-${name}-outline`] = withContrast(shades[4]!, darkSurface, 'white');
    dark[`--mantine-color-${name}-text`] = withContrast(shades[4]!, darkSurface, 'white');
  }

  // Links and dimmed text also sit on gray 1 (code, table hover), on cards (dark 6) and inside alerts, on every
  // colour's light tint: they must pass on the hardest of these surfaces.
  const tints = Object.values(colors).filter((shades) => shades.length >= 10);
  const lightSurfaces = [white, colors.gray[0], colors.gray[1], ...tints.map((shades) => shades[1]!)];
  const darkSurfaces = [darkBody, darkSurface, ...tints.map((shades) => darken(shades[9]!, 0.5))];
  // Dark text is hardest to read on the darkest light surface, light text on the lightest dark one.
  const hardestLight = lightSurfaces.reduce((a, b) => (luminance(a) < luminance(b) ? a : b));
  const hardestDark = darkSurfaces.reduce((a, b) => (luminance(a) > luminance(b) ? a : b));

  const primary = resolved.primaryColor;
  light['--mantine-color-anchor'] = withContrast(colors[primary]![6]!, hardestLight, 'black');
  dark['--mantine-color-anchor'] = withContrast(colors[primary]![4]!, hardestDark, 'white');
  light['--mantine-color-dimmed'] = withContrast(colors.gray[6], hardestLight, 'black');
  dark['--mantine-color-dimmed'] = withContrast(colors.dark[2], hardestDark, 'white');
  light['--mantine-color-placeholder'] = light['--mantine-color-dimmed'];
  dark['--mantine-color-placeholder'] = dark['--mantine-color-dimmed'];
  light['--mantine-color-error'] = 'var(--mantine-color-red-filled)';
  dark['--mantine-color-error'] = withContrast(colors.red[6], darkBody, 'white');

  return { variables: {}, light, dark };
};
