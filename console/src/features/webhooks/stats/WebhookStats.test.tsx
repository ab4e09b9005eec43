import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent, type MockResolver } from '../../../test/mock-client';
import { renderWithProviders } from '../../../test/render';
import { formatErrorRate, type StatsBucket } from './stats-model';
import WebhookStats from './WebhookStats';

const CLASSES = ['processed', 'filtered', 'duplicate', 'invalid', 'rejected', 'failed'] as const;

function bucket(start: string, values: Partial<Omit<StatsBucket, 'start' | 'total'>> = {}): StatsBucket {
  const counts = Object.fromEntries(CLASSES.map((name) => [name, values[name] ?? 0])) as Record<
    (typeof CLASSES)[number],
    number
  >;
  const total = CLASSES.reduce((sum, name) => sum + counts[name], 0);
  return {
    start,
    total,
    ...counts,
    p50Ms: values.p50Ms ?? (total ? 4 : null),
    p95Ms: values.p95Ms ?? (total ? 9 : null),
  };
}

const BUSY = [
  bucket('2026-12-01T08:00:00.000Z', { processed: 6, filtered: 2, p50Ms: 3, p95Ms: 11 }),
  bucket('2026-12-01T09:00:00.000Z'),
  bucket('2026-12-01T10:00:00.000Z', { processed: 1, invalid: 2, rejected: 1, failed: 1, duplicate: 1 }),
];

function renderStats(answer: MockResolver) {
  const client = mockClient({ WebhookStats: answer });
  renderWithProviders(<WebhookStats webhookId="wh-1" />, { client });
  return { client, user: userEvent.setup({ delay: null }) };
}

const withBuckets = (stats: StatsBucket[]) => () => ({ data: { webhook: { id: 'wh-1', stats } } });

describe('WebhookStats', () => {
  it('sums the period: requests, processed, the error rate with its definition, and the highest bucket p95', async () => {
    renderStats(withBuckets(BUSY));
    const section = await screen.findByRole('region', { name: 'Statistics' });
    expect((await within(section).findByTestId('stats-total')).textContent).toBe('14');
    expect(within(section).getByTestId('stats-processed').textContent).toBe('7');
    // (2 invalid + 1 rejected + 1 failed) of 14; filtered and duplicate are not errors.
    expect(within(section).getByTestId('stats-error-rate').textContent).toBe(`${formatErrorRate(4 / 14)} (4)`);
    expect(within(section).getByText('Highest p95 of any hour')).toBeTruthy();
    expect(within(section).getByTestId('stats-max-p95').textContent).toBe('11 ms');
    expect(section.textContent).toContain('Error rate = (Invalid + Rejected + Failed) ÷ all requests.');
  });

  it('names every outcome class with its count, so the colours are not the only carrier', async () => {
    renderStats(withBuckets(BUSY));
    const legend = await screen.findByRole('list', { name: 'Requests by outcome' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Processed: 7', 'Filtered: 2', 'Duplicate: 1', 'Invalid: 2', 'Rejected: 1', 'Failed: 1']);
  });

  it('gives screen readers a table of the buckets that had requests', async () => {
    renderStats(withBuckets(BUSY));
    const table = await screen.findByRole('table');
    expect(within(table).getByText('2 hours with requests; the others had none.')).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['8', '6', '2', '0', '0', '0', '0', '3 ms', '11 ms']);
  });

  it('says so when the period had no requests', async () => {
    renderStats(withBuckets([bucket('2026-12-01T09:00:00.000Z'), bucket('2026-12-01T10:00:00.000Z')]));
    expect(await screen.findByText('No requests in this period')).toBeTruthy();
    expect(screen.queryByTestId('stats-total')).toBeNull();
  });

  it('asks the last 24 hours by hour first, then the period chosen, and again on Refresh', async () => {
    const { client, user } = renderStats(withBuckets(BUSY));
    await screen.findByTestId('stats-total');
    const [first] = variablesSent(client.executeQuery, 'WebhookStats');
    expect(first).toMatchObject({ id: 'wh-1', interval: 'HOUR' });
    expect(Date.parse(first!.to as string) - Date.parse(first!.from as string)).toBe(24 * 3_600_000);

    await user.click(screen.getByRole('radio', { name: '1 h' }));
    await waitFor(() =>
      expect(variablesSent(client.executeQuery, 'WebhookStats').at(-1)).toMatchObject({ interval: 'MINUTE' }),
    );
    const minute = variablesSent(client.executeQuery, 'WebhookStats').at(-1)!;
    expect(Date.parse(minute.to as string) - Date.parse(minute.from as string)).toBe(3_600_000);
    expect(screen.getByText('Last hour, by minute; updated every 30 s while this page is open.')).toBeTruthy();

    const asked = client.executeQuery.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(client.executeQuery.mock.calls.length).toBeGreaterThan(asked));
  });

  it('shows why the statistics could not be loaded, with a retry', async () => {
    renderStats(() => ({ errors: [{ message: 'Database unavailable', extensions: { code: 'INTERNAL' } }] }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the statistics');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
