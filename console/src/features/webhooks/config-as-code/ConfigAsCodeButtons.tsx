import { Button } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { loadAllStyles } from '../../../app/all-styles-loader';

// The dialogs (with all of Mantine's styles, and the modal, checkbox, file input and document checks they bring) are their own chunks: the list's
// first row does not wait for them. Pointing at or focusing a button starts the download before the click.
const loadExport = () => Promise.all([import('./ExportDialog'), loadAllStyles()]).then(([module]) => module);
const loadImport = () => Promise.all([import('./ImportDialog'), loadAllStyles()]).then(([module]) => module);
const ExportDialog = lazy(() => loadExport().then((module) => ({ default: module.ExportDialog })));
const ImportDialog = lazy(() => loadImport().then((module) => ({ default: module.ImportDialog })));

type Dialog = 'export' | 'import';

/** Export (everyone) and Import (admins) on the webhooks list: configuration as code. */
export function ConfigAsCodeButtons({ canImport }: { canImport: boolean }) {
  const [open, setOpen] = useState<Dialog | null>(null);
  // A dialog is rendered from its first opening on, so closing it keeps Mantine's closing transition.
  const [used, setUsed] = useState<ReadonlySet<Dialog>>(() => new Set());
  const show = (dialog: Dialog) => {
    setUsed((current) => (current.has(dialog) ? current : new Set([...current, dialog])));
    setOpen(dialog);
  };
  const preload = (load: () => Promise<unknown>) => () => void load().catch(() => undefined);
  return (
    <>
      <Button
        variant="default"
        onClick={() => show('export')}
        onPointerEnter={preload(loadExport)}
        onFocus={preload(loadExport)}
      >
        Export
      </Button>
      {canImport && (
        <Button
          variant="default"
          onClick={() => show('import')}
          onPointerEnter={preload(loadImport)}
          onFocus={preload(loadImport)}
        >
          Import
        </Button>
      )}
      <Suspense fallback={null}>
        {used.has('export') && <ExportDialog opened={open === 'export'} onClose={() => setOpen(null)} />}
        {canImport && used.has('import') && <ImportDialog opened={open === 'import'} onClose={() => setOpen(null)} />}
      </Suspense>
    </>
  );
}
