'use client';

import { Button } from '@/components/ui/button';

/**
 * Saves `csv` as `fileName` from the browser: the figures are on the page already, no request needed.
 * `label` must start with the visible "Download CSV", so speech input can say what is written.
 */
export function CsvDownload({ csv, fileName, label }: { csv: string; fileName: string; label: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    // After the click has started the download; revoking at once can cancel it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <Button size="sm" variant="secondary" onClick={download} aria-label={label}>
      Download CSV
    </Button>
  );
}
