import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchivedUrl, CopyableUrl, urlSegments } from './CopyableUrl';

const URL = 'https://intake.example/webhooks/custom/acme/a-rather-long-endpoint-name';

function renderInMantine(ui: ReactElement) {
  return render(<MantineProvider env="test">{ui}</MantineProvider>);
}

describe('CopyableUrl', () => {
  afterEach(() => vi.restoreAllMocks());

  it('splits a URL after each "/" that starts a segment, keeping "https://" whole', () => {
    expect(urlSegments(URL)).toEqual([
      'https://',
      'intake.example/',
      'webhooks/',
      'custom/',
      'acme/',
      'a-rather-long-endpoint-name',
    ]);
  });

  it('wraps only at "/" boundaries, never mid-word, and titles the full URL', () => {
    renderInMantine(<CopyableUrl url={URL} />);
    const code = screen.getByText(URL);
    expect(code.getAttribute('title')).toBe(URL);
    // A break opportunity after each segment, and no rule breaking anywhere inside words.
    expect(code.querySelectorAll('wbr')).toHaveLength(5);
    expect(code.style.wordBreak).not.toBe('break-all');
    expect(code.innerHTML).toContain('acme/<wbr>a-rather-long-endpoint-name');
  });

  it('copies the full URL', async () => {
    const user = userEvent.setup({ delay: null });
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    renderInMantine(<CopyableUrl url={URL} label="Copy webhook URL" />);
    await user.click(screen.getByRole('button', { name: 'Copy webhook URL' }));
    expect(writeText).toHaveBeenCalledWith(URL);
  });
});

describe('ArchivedUrl', () => {
  it('shows the URL as plain text with the archived note and nothing to copy', () => {
    renderInMantine(<ArchivedUrl url={URL} />);
    expect(screen.getByText(URL).tagName).not.toBe('CODE');
    expect(
      screen.getByText(/Archived: this address no longer accepts requests and may be reused by another webhook/),
    ).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
