// The charts' styles come with the chart (the entry carries only the list's, main.tsx).
import '@mantine/charts/styles.layer.css';
import { Sparkline } from '@mantine/charts';
import { Box } from '@mantine/core';

/** WebhooksTable reserves the same space while this chunk loads. */
const SPARKLINE_SIZE = { w: 96, h: 28 } as const;

/**
 * Requests per bucket as a small line, lazy-loaded with the chart library. Decorative: the row states the
 * figures in text. `inert`, because recharts makes every chart a tab stop, and a list of 25 would need 25 Tabs.
 */
export default function VolumeSparkline({ totals }: { totals: number[] }) {
  return (
    <Box inert aria-hidden {...SPARKLINE_SIZE}>
      <Sparkline {...SPARKLINE_SIZE} data={totals} color="indigo.5" fillOpacity={0.4} strokeWidth={1.5} />
    </Box>
  );
}
