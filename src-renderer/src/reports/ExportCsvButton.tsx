import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CsvCell, csvFileName, toCsv } from './csv';
import { downloadCsv } from './download-csv';

export type CsvTable = { header: string[]; rows: CsvCell[][] };

type Props = {
  /** The file name before the date, e.g. "replenishment". */
  stem: string;
  /** Built on click, so a big report is formatted (or fetched in full) only when someone wants the file. */
  build: () => CsvTable | Promise<CsvTable | null>;
  isDisabled?: boolean;
  testId: string;
};

/** «Экспорт CSV» of every report: the whole result, not just the rows on screen. */
export function ExportCsvButton({ stem, build, isDisabled = false, testId }: Props) {
  const { t } = useTranslation();
  const [isBuilding, setIsBuilding] = useState(false);
  return (
    <button
      type="button"
      className="button"
      data-testid={testId}
      disabled={isDisabled || isBuilding}
      onClick={() => {
        setIsBuilding(true);
        void Promise.resolve(build())
          .then((table) => {
            if (table) downloadCsv(csvFileName(stem, new Date()), toCsv(table.header, table.rows));
          })
          .finally(() => setIsBuilding(false));
      }}
    >
      {isBuilding ? t('reports.exporting') : t('reports.exportCsv')}
    </button>
  );
}
