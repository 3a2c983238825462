import { useTranslation } from 'react-i18next';
import { barRuns, ean13Modules } from '../scanner/ean13';

const quietZone = 11;
const barHeight = 60;
const textHeight = 12;

/** An EAN-13 drawn crisp enough for an imager to read off the monitor, with its digits below. */
export function TestBarcode({ code }: { code: string }) {
  const { t } = useTranslation();
  const modules = ean13Modules(code);
  if (modules === null) return <span className="mono">{code}</span>;
  const width = modules.length + quietZone * 2;
  return (
    <figure className="test-barcode">
      <svg
        viewBox={`0 0 ${width} ${barHeight + textHeight}`}
        role="img"
        aria-label={t('devices.calibration.testCodeAlt', { code })}
        data-testid="calibration-barcode"
        data-code={code}
        shapeRendering="crispEdges"
      >
        <rect x={0} y={0} width={width} height={barHeight + textHeight} fill="#fff" />
        {barRuns(modules).map(([start, run]) => (
          <rect key={start} x={quietZone + start} y={2} width={run} height={barHeight - 2} fill="#000" />
        ))}
        <text x={width / 2} y={barHeight + textHeight - 2} textAnchor="middle" fontSize={10} fontFamily="monospace" fill="#000">
          {code}
        </text>
      </svg>
    </figure>
  );
}
