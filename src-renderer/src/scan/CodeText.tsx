import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { showControlChars } from '../scanner/key-map';

/**
 * A scanned code as text, GS shown as ␝ (and other control characters as their U+24xx pictures),
 * each marked so it stands out even where the font has no glyph for it; the text stays copyable.
 */
export function CodeText({ text }: { text: string }) {
  const { t } = useTranslation();
  // eslint-disable-next-line no-control-regex
  const parts = text.split(/([\u0000-\u001f])/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="ctrl-char" title={part === '\u001d' ? t('scan.gsTitle') : undefined}>
            {showControlChars(part)}
          </span>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}
