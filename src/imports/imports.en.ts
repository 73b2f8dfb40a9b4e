import type { ImportsText } from './imports.fr.ts';

export const importsEn: ImportsText = {
  imports: {
    title: 'SIRENE imports',
    queue: 'Register imports',
    intro: 'Import the official SIRENE register files and follow the imports.',
    uploadTitle: 'Import files',
    uploadIntro:
      'Insee’s StockEtablissement and/or StockUniteLegale files, as .csv, .csv.gz or .zip (for example a département’s geolocated file). The import goes on even if the server restarts.',
    establishments: 'Establishments file',
    units: 'Legal units file',
    allSectors: 'Keep every activity (not only the hub’s selection)',
    submit: 'Start the import',
    queued: 'Import recorded: it starts within a few seconds.',
    history: 'Imports',
    none: 'No import yet.',
    number: 'No.',
    status: 'State',
    files: 'Files',
    progress: 'Progress',
    rows: (n) => `${n} rows read`,
    merging: 'merging into the register',
    result: 'Result',
    statuses: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' },
    summary: (created, updated, rejected) =>
      `${created} organisations created, ${updated} updated, ${rejected} lines rejected`,
    noFile: 'Choose at least one file.',
    badType: 'This is not a readable SIRENE file (.csv, .csv.gz or .zip).',
    tooLarge: (max) => `The file is larger than allowed (${max}).`,
    missingColumns: (cols) => `Required columns missing: ${cols}.`,
    refused: (reason) => `This file is refused: ${reason}.`,
    filesDeleted: (days) => `file deleted after ${days} day${days === 1 ? '' : 's'}`,
    rejections: 'Rejected lines',
    rejectedFiles: { establishments: 'Establishments', units: 'Legal units' },
    rejectedLine: (file, line, reason) => `${file}, line ${line}: ${reason}`,
    rejectionsFirst: (shown) => `Only the first ${shown}.`,
    replaced: (n, date) =>
      `${n} headcounts already recorded for ${date} with other figures: replaced by this later file's.`,
  },
};
