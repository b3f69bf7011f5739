/**
 * The Mantine theme, tuned for contrast (WCAG 2.1 AA, 4.5:1 for text): a darker primary palette, and the
 * dimmed, error and "light variant" text colours moved to darker shades than Mantine's defaults.
 */
import { Anchor, Badge, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A clinical blue. Shade 6 on white is 5.7:1, shade 7 is 7.2:1. */
const clinic: MantineColorsTuple = [
  '#e7f1fa',
  '#cfe3f4',
  '#a3cbec',
  '#72b0e2',
  '#4a98d7',
  '#2f84c9',
  '#1b6aa8',
  '#155a91',
  '#0f4a78',
  '#0a3a60',
];

export const theme = createTheme({
  primaryColor: 'clinic',
  primaryShade: 7,
  colors: { clinic },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  },
  defaultRadius: 'sm',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // A link inside text must be told apart by more than its colour (WCAG 1.4.1; axe link-in-text-block).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // A badge is never cut to "COU…" or "READY FO…": it keeps its whole text, wrapping onto a second line in a
    // narrow column rather than hiding the end of a status (issue 14).
    Badge: Badge.extend({
      styles: {
        root: {
          height: 'auto',
          minHeight: 'var(--badge-height)',
          maxWidth: '100%',
          overflow: 'visible',
          flexShrink: 0,
          paddingBlock: 2,
        },
        label: {
          whiteSpace: 'normal',
          overflow: 'visible',
          textOverflow: 'clip',
          textAlign: 'center',
          lineHeight: 1.25,
        },
      },
    }),
  },
});

/** Colours whose filled shade (badges, buttons) is too light for white text: green-7 on white is 2.9:1. */
const LIGHT_FILLED = [
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
];

/** Colours whose light and outline variants get darkened text: the clinic's, grey, and every colour above. */
const TEXT_COLOURS = ['clinic', 'gray', ...LIGHT_FILLED];

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-anchor': 'var(--mantine-color-clinic-7)',
    // Text on "light" variants (alerts, light buttons, the active navigation entry): the darkest shade, darkened
    // further, since Mantine's light backgrounds are tinted (green-9 on green-light is only 3.8:1).
    ...Object.fromEntries(
      TEXT_COLOURS.map((c) => [
        `--mantine-color-${c}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${c}-9), black 35%)`,
      ]),
    ),
    ...Object.fromEntries(TEXT_COLOURS.map((c) => [`--mantine-color-${c}-outline`, `var(--mantine-color-${c}-9)`])),
    // White text on filled badges and buttons: shade 9 darkened until every colour passes 4.5:1 (yellow-9 alone is 3:1).
    ...Object.fromEntries(
      LIGHT_FILLED.map((c) => [
        `--mantine-color-${c}-filled`,
        `color-mix(in srgb, var(--mantine-color-${c}-9), black 30%)`,
      ]),
    ),
    ...Object.fromEntries(
      LIGHT_FILLED.map((c) => [
        `--mantine-color-${c}-filled-hover`,
        `color-mix(in srgb, var(--mantine-color-${c}-9), black 45%)`,
      ]),
    ),
  },
  dark: {},
});
