// How one product's difference between 1C and the app is split and said in Russian (issue #6):
//   difference = onecQty − displayedQty = −pendingLocal + unpulled1c + unexplained
// pendingLocal: the stock effect of local documents 1C does not have yet (the app counts them, 1C
// not); unpulled1c: 1C register records the movements pull has not reached (1C counts them, the
// mirror not); unexplained: the rest.
import { formatQty } from '../documents/documents';

export type DifferenceParts = { difference: number; pendingLocal: number; unpulled1c: number };

export function unexplainedPart(parts: DifferenceParts): number {
  return parts.difference + parts.pendingLocal - parts.unpulled1c;
}

function signed(thousandths: number, unit: string): string {
  const text = `${thousandths > 0 ? '+' : ''}${formatQty(thousandths)}`;
  return unit === '' ? text : `${text} ${unit}`;
}

/** At most three numbers, then how many more. */
function numberList(numbers: readonly string[]): string {
  const shown = numbers.slice(0, 3).join(', ');
  return numbers.length > 3 ? `${shown} и ещё ${numbers.length - 3}` : shown;
}

/**
 * One sentence per part that is not zero, e.g. «В 1С на 3 шт больше, чем в программе. Документы
 * программы, которых ещё нет в 1С (СП-000001): −2 шт. Движения в 1С после последней загрузки: +5 шт.»
 */
export function explainDifference(parts: DifferenceParts & { unexplained: number; unit: string; pendingDocuments: readonly string[] }): string {
  const { difference, pendingLocal, unpulled1c, unexplained, unit } = parts;
  const amount = signed(Math.abs(difference), unit).replace(/^\+/, '');
  const sentences = [`В 1С на ${amount} ${difference > 0 ? 'больше' : 'меньше'}, чем в программе.`];
  if (pendingLocal !== 0) {
    const documents = parts.pendingDocuments.length > 0 ? ` (${numberList(parts.pendingDocuments)})` : '';
    sentences.push(`Документы программы, которых ещё нет в 1С${documents}: ${signed(pendingLocal, unit)} — 1С учтёт их после проведения.`);
  }
  if (unpulled1c !== 0) {
    sentences.push(`Движения в 1С после последней загрузки: ${signed(unpulled1c, unit)} — появятся после синхронизации.`);
  }
  if (unexplained !== 0) {
    sentences.push(
      `Не объяснено: ${signed(unexplained, unit)} — проверьте документы 1С, проведённые задним числом, и обновите остатки (Синхронизация).`,
    );
  } else {
    sentences.push('Разница объяснена полностью.');
  }
  return sentences.join(' ');
}
