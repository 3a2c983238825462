// ^GFA graphic-field data: rows as hexadecimal, optionally with Zebra's ASCII compression (ZPL II
// Programming Guide, ^DG/^GF "Alternative Data Compression Scheme"): a repeat count before a hex
// digit (G..Y = 1..19, g..z = 20..400, added together), "," = rest of the row is 0, "!" = rest of
// the row is F, ":" = the row repeats the previous one.

const hexDigits = '0123456789ABCDEF';

function rowHex(data: Uint8Array, start: number, bytesPerRow: number): string {
  let out = '';
  for (let i = start; i < start + bytesPerRow; i += 1) {
    const b = data[i] as number;
    out += hexDigits[b >> 4] + (hexDigits[b & 15] as string);
  }
  return out;
}

/** The count prefix for a run of `n` (1..419) equal digits. */
function countCode(n: number): string {
  const twenties = Math.floor(n / 20);
  const ones = n % 20;
  return (twenties > 0 ? String.fromCharCode(0x66 + twenties) : '') + (ones > 0 ? String.fromCharCode(0x46 + ones) : '');
}

function compressRow(hex: string): string {
  let body = hex;
  let tail = '';
  const zeros = /0+$/.exec(body);
  const ones = /F+$/.exec(body);
  if (zeros && zeros[0].length >= 2) {
    body = body.slice(0, -zeros[0].length);
    tail = ',';
  } else if (ones && ones[0].length >= 2) {
    body = body.slice(0, -ones[0].length);
    tail = '!';
  }
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    let run = 1;
    while (i + run < body.length && body[i + run] === ch) run += 1;
    i += run;
    for (let left = run; left > 0; ) {
      const chunk = Math.min(left, 419);
      out += chunk === 1 ? ch : countCode(chunk) + ch;
      left -= chunk;
    }
  }
  return out + tail;
}

/** The data of `^GFA,<total>,<total>,<bytesPerRow>,<data>`. Rows are MSB-first, 1 = black. */
export function gfaData(data: Uint8Array, bytesPerRow: number, isCompressed: boolean): string {
  const rows = data.length / bytesPerRow;
  let out = '';
  let previous: string | null = null;
  for (let r = 0; r < rows; r += 1) {
    const hex = rowHex(data, r * bytesPerRow, bytesPerRow);
    if (!isCompressed) out += hex;
    else out += hex === previous ? ':' : compressRow(hex);
    previous = hex;
  }
  return out;
}

/** Inverse of gfaData, for tests and for reading a label back. */
export function decodeGfaData(text: string, bytesPerRow: number): Uint8Array {
  const rowChars = bytesPerRow * 2;
  const rows: string[] = [];
  let row = '';
  let count = 0;
  const finish = () => {
    rows.push(row.padEnd(rowChars, '0').slice(0, rowChars));
    row = '';
  };
  for (const ch of text) {
    if (ch === ':') {
      rows.push(rows.at(-1) ?? '0'.repeat(rowChars));
    } else if (ch === ',') {
      row = row.padEnd(rowChars, '0');
      finish();
    } else if (ch === '!') {
      row = row.padEnd(rowChars, 'F');
      finish();
    } else if (ch >= 'G' && ch <= 'Y') {
      count += ch.charCodeAt(0) - 0x46;
    } else if (ch >= 'g' && ch <= 'z') {
      count += (ch.charCodeAt(0) - 0x66) * 20;
    } else {
      row += ch.repeat(Math.max(1, count));
      count = 0;
      while (row.length >= rowChars) {
        const rest = row.slice(rowChars);
        row = row.slice(0, rowChars);
        finish();
        row = rest;
      }
    }
  }
  if (row !== '') finish();
  const out = new Uint8Array(rows.length * bytesPerRow);
  rows.forEach((hex, r) => {
    for (let i = 0; i < bytesPerRow; i += 1) out[r * bytesPerRow + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  });
  return out;
}
