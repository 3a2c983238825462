import { describe, expect, it } from 'vitest';
import { csvFileName, csvMoney, csvNumber, csvQty, toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and separates quoted fields with semicolons when given rows', () => {
    const text = toCsv(['Товар', 'Остаток'], [['Молоко 3,2%', csvQty(1500)]]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('"Товар";"Остаток"\r\n"Молоко 3,2%";"1,5"\r\n');
  });

  it('doubles quotes inside a field and keeps semicolons and line breaks inside quotes', () => {
    const text = toCsv(['a'], [['Сок "Добрый"; 1 л\nновый']]);
    expect(text.slice(1)).toBe('"a"\r\n"Сок ""Добрый""; 1 л\nновый"\r\n');
  });

  it('writes numbers with a decimal comma and null as an empty field', () => {
    const text = toCsv(['n', 'x', 'y'], [[12.5, null, -3]]);
    expect(text.slice(1)).toBe('"n";"x";"y"\r\n"12,5";"";"-3"\r\n');
  });

  it('neutralises text that Excel would run as a formula', () => {
    const text = toCsv(['a'], [['=HYPERLINK("x")'], ['+7 900'], ['@cmd']]);
    expect(text.slice(1)).toBe('"a"\r\n"\'=HYPERLINK(""x"")"\r\n"\'+7 900"\r\n"\'@cmd"\r\n');
  });

  it('gives only the header when there are no rows', () => {
    expect(toCsv(['a', 'b'], []).slice(1)).toBe('"a";"b"\r\n');
  });
});

describe('csv number helpers', () => {
  it('formats thousandths as units without trailing zeros', () => {
    expect(csvQty(0)).toBe('0');
    expect(csvQty(1000)).toBe('1');
    expect(csvQty(1250)).toBe('1,25');
    expect(csvQty(7)).toBe('0,007');
    expect(csvQty(-2500)).toBe('-2,5');
    expect(csvQty(123_456_789)).toBe('123456,789');
  });

  it('formats kopecks as roubles with two decimals', () => {
    expect(csvMoney(0)).toBe('0,00');
    expect(csvMoney(5)).toBe('0,05');
    expect(csvMoney(123_450)).toBe('1234,50');
    expect(csvMoney(-99)).toBe('-0,99');
  });

  it('uses a comma for fractional numbers', () => {
    expect(csvNumber(0.8)).toBe('0,8');
    expect(csvNumber(42)).toBe('42');
  });

  it('names the file with the local date', () => {
    expect(csvFileName('abc', new Date(2024, 0, 5))).toBe('abc-2024-01-05.csv');
  });
});
