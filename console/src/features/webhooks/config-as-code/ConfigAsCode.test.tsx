import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockClient, variablesSent, type MockAnswer } from '../../../test/mock-client';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import { ConfigAsCodeButtons } from './ConfigAsCodeButtons';
import { ExportDialog } from './ExportDialog';
import { chooseWebhooks, documentFileName, readDocumentText, type WebhookDocument } from './webhook-document';

const DOCUMENT: WebhookDocument = {
  format: 'intake.webhooks',
  version: 1,
  exportedAt: '2026-12-01T10:00:00.000Z',
  account: 'acme',
  webhooks: [
    { name: 'CDP opt-in', method: 'PUT', endpoint: 'cdp-optin', status: 'ACTIVE', action: 'opt_in', mapping: [] },
    { name: 'Shop points', method: 'POST', endpoint: 'shop', status: 'INACTIVE', action: 'point_add', mapping: [] },
  ],
};

const PLAN = {
  changes: [
    {
      endpoint: 'cdp-optin',
      kind: 'CREATE',
      fields: ['name', 'method', 'endpoint', 'action', 'mapping', 'verification', 'status'],
      notes: ['No secret yet (secrets are not exported): add one here (addWebhookSecret) and give it to the sender.'],
      webhookId: null,
    },
    { endpoint: 'shop', kind: 'UPDATE', fields: ['name'], notes: [], webhookId: 'wh-2' },
    { endpoint: 'other', kind: 'UNCHANGED', fields: [], notes: [], webhookId: 'wh-3' },
  ],
};

function importAnswer(variables: Record<string, unknown>): MockAnswer {
  const applied = variables.dryRun === false;
  return {
    data: {
      importWebhooks: {
        applied,
        changes: PLAN.changes.map((change) =>
          applied && change.kind === 'CREATE' ? { ...change, webhookId: 'wh-1' } : change,
        ),
      },
    },
  };
}

function renderButtons(
  viewer = ADMIN_VIEWER,
  answers: Record<string, (vars: Record<string, unknown>) => MockAnswer> = {},
) {
  const client = mockClient({
    ExportWebhooks: () => ({ data: { exportWebhooks: DOCUMENT } }),
    ImportWebhooks: importAnswer,
    ...answers,
  });
  renderWithProviders(<ConfigAsCodeButtons canImport={viewer.role === 'ADMIN'} />, { client, viewer });
  return { client, user: userEvent.setup({ delay: null }) };
}

const pasteBox = () => screen.getByRole('textbox', { name: 'Or paste the document' });

/** Opens the Import dialog, which is its own chunk: it shows once that has loaded. */
async function openImport(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Import' }));
  await screen.findByRole('textbox', { name: 'Or paste the document' });
}

describe('the webhooks document helpers', () => {
  it('keeps the chosen webhooks, names the file by account and day, and explains text that is not JSON', () => {
    expect(chooseWebhooks(DOCUMENT, new Set(['shop'])).webhooks.map((w) => w.endpoint)).toEqual(['shop']);
    expect(documentFileName('acme', new Date('2026-12-01T23:30:00Z'))).toBe('intake-webhooks-acme-2026-12-01.json');
    expect(readDocumentText('  ')).toEqual({ ok: false, message: expect.stringMatching(/Choose a file or paste/) });
    expect(readDocumentText('{"a":')).toMatchObject({ ok: false });
    expect(readDocumentText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(readDocumentText(JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }))).toEqual({
      ok: false,
      message: expect.stringMatching(/larger than the 1 MiB.*pnpm cli webhooks:import/),
    });
  });
});

describe('Export', () => {
  it('downloads every webhook, or those chosen, as a dated JSON file', async () => {
    const download = vi.fn();
    const onClose = vi.fn();
    const client = mockClient({ ExportWebhooks: () => ({ data: { exportWebhooks: DOCUMENT } }) });
    renderWithProviders(<ExportDialog opened onClose={onClose} download={download} />, { client });
    const user = userEvent.setup({ delay: null });

    const list = await screen.findByRole('group', { name: 'Webhooks to export' });
    expect(
      within(list)
        .getAllByRole('checkbox')
        .map((box) => (box as HTMLInputElement).checked),
    ).toEqual([true, true]);
    expect(screen.getByRole('button', { name: 'Download 2 webhooks' })).toBeTruthy();
    await user.click(within(list).getByRole('checkbox', { name: 'CDP opt-in (cdp-optin)' }));
    expect((screen.getByRole('checkbox', { name: 'All webhooks' }) as HTMLInputElement).indeterminate).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Download 1 webhook' }));

    expect(download).toHaveBeenCalledTimes(1);
    const [fileName, text] = download.mock.calls[0] as [string, string];
    expect(fileName).toMatch(/^intake-webhooks-acme-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(text)).toEqual({ ...DOCUMENT, webhooks: [DOCUMENT.webhooks[1]] });
    expect(onClose).toHaveBeenCalled();
    // The whole account's document, asked for fresh.
    expect(variablesSent(client.executeQuery, 'ExportWebhooks')).toEqual([{}]);
  });

  it('says why the export failed, inline', async () => {
    const client = mockClient({
      ExportWebhooks: () => ({
        errors: [{ message: 'The storage is unavailable.', extensions: { code: 'UNAVAILABLE' } }],
      }),
    });
    renderWithProviders(<ExportDialog opened onClose={() => {}} />, { client });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not export the webhooks');
    expect(alert.textContent).toContain('The storage is unavailable.');
  });
});

describe('Import', () => {
  it('is offered to admins only; readers may export', () => {
    renderButtons({ ...ADMIN_VIEWER, role: 'READER' });
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
  });

  it('checks the document by a dry run, shows the plan, then applies it', async () => {
    const { client, user } = renderButtons();
    await openImport(user);
    fireEvent.change(pasteBox(), { target: { value: JSON.stringify(DOCUMENT) } });
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));

    const table = await screen.findByRole('table', { name: 'Import plan' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      [
        'Create',
        'cdp-optin',
        `name, method, endpoint, action, mapping, verification, status${PLAN.changes[0]!.notes[0]}`,
      ],
      ['Update', 'shop', 'name'],
      ['Unchanged', 'other', '—'],
    ]);
    expect(screen.getByText('Plan: 1 to create, 1 to update, 1 unchanged. Nothing has changed yet.')).toBeTruthy();
    expect(variablesSent(client.executeMutation, 'ImportWebhooks')).toEqual([{ document: DOCUMENT, dryRun: true }]);

    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await screen.findByText('1 created, 1 updated, 1 unchanged.');
    expect(variablesSent(client.executeMutation, 'ImportWebhooks')[1]).toEqual({ document: DOCUMENT, dryRun: false });
    const applied = screen.getByRole('table', { name: 'Import plan' });
    expect(within(applied).getByRole('link', { name: 'cdp-optin' }).getAttribute('href')).toBe(
      '/incoming-webhooks/wh-1',
    );
    expect(within(applied).getByRole('link', { name: 'shop' }).getAttribute('href')).toBe('/incoming-webhooks/wh-2');
  });

  it('reads a chosen file', async () => {
    const { client, user } = renderButtons();
    await openImport(user);
    const file = new File([JSON.stringify(DOCUMENT)], 'staging.json', { type: 'application/json' });
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, file);
    await waitFor(() => expect((pasteBox() as HTMLTextAreaElement).value).toBe(JSON.stringify(DOCUMENT)));
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    await screen.findByRole('table', { name: 'Import plan' });
    expect(variablesSent(client.executeMutation, 'ImportWebhooks')[0]).toEqual({ document: DOCUMENT, dryRun: true });
  });

  it('lists every problem of a refused document at its place, and offers no Apply', async () => {
    const issues = [
      {
        field: 'document.webhooks.1.action',
        message: '"nope" is not an event of the catalogue (see eventDefinitions).',
      },
      {
        field: 'document.webhooks.1.mapping.0.to',
        message: 'The target "points" must be "customer" or start with "data.".',
      },
    ];
    const { user } = renderButtons(ADMIN_VIEWER, {
      ImportWebhooks: () => ({
        errors: [
          { message: issues[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: issues[0]!.field, issues } },
        ],
      }),
    });
    await openImport(user);
    fireEvent.change(pasteBox(), { target: { value: JSON.stringify(DOCUMENT) } });
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The document cannot be imported; nothing was changed');
    const items = within(alert)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toEqual(issues.map((issue) => `${issue.field} ${issue.message}`));
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
  });

  it('explains text that is not JSON without asking the server; editing after a dry run asks again', async () => {
    const { client, user } = renderButtons();
    await openImport(user);
    fireEvent.change(pasteBox(), { target: { value: '{"format": ' } });
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    expect(pasteBox().getAttribute('aria-invalid')).toBe('true');
    expect(variablesSent(client.executeMutation, 'ImportWebhooks')).toEqual([]);

    fireEvent.change(pasteBox(), { target: { value: JSON.stringify(DOCUMENT) } });
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    await screen.findByRole('table', { name: 'Import plan' });
    fireEvent.change(pasteBox(), { target: { value: JSON.stringify({ ...DOCUMENT, webhooks: [] }) } });
    expect(screen.queryByRole('table', { name: 'Import plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Check (dry run)' })).toBeTruthy();
  });

  it('a plan with nothing to change says so, and offers no Apply', async () => {
    const { user } = renderButtons(ADMIN_VIEWER, {
      ImportWebhooks: () => ({
        data: { importWebhooks: { applied: false, changes: [{ ...PLAN.changes[2]! }] } },
      }),
    });
    await openImport(user);
    fireEvent.change(pasteBox(), { target: { value: JSON.stringify(DOCUMENT) } });
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    await screen.findByText('Nothing to change: the 1 webhooks already match the document.');
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
  });
});
