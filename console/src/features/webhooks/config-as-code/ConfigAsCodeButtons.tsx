import { Button } from '@mantine/core';
import { useState } from 'react';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';

/** Export (everyone) and Import (admins) on the webhooks list: configuration as code. */
export function ConfigAsCodeButtons({ canImport }: { canImport: boolean }) {
  const [open, setOpen] = useState<'export' | 'import' | null>(null);
  return (
    <>
      <Button variant="default" onClick={() => setOpen('export')}>
        Export
      </Button>
      {canImport && (
        <Button variant="default" onClick={() => setOpen('import')}>
          Import
        </Button>
      )}
      <ExportDialog opened={open === 'export'} onClose={() => setOpen(null)} />
      {canImport && <ImportDialog opened={open === 'import'} onClose={() => setOpen(null)} />}
    </>
  );
}
