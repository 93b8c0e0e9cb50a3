/**
 * A streaming RFC 4180 reader for the accounts file, written for speed: a file of tens of
 * millions of lines spends much of its import here, and a line without quotes — nearly every
 * line of a generated export — is cut at its commas where it lies in the decoded text (no string
 * of the whole line first: a third of the time of `split`). Quoted cells may hold commas, doubled
 * quotes and line breaks. Text goes in as it is decoded; whole records come out with the line
 * they start on.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  cells: string[];
}

/** The file cannot be read as CSV; `reason` is csv-parse's name for the same fault. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_INVALID_OPENING_QUOTE' | 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
  ) {
    super(`${reason} at line ${line}`);
  }
}

export function csvReader() {
  let rest = '';
  let line = 1;
  let width: number | undefined;
  let started = false;

  const emit = (out: CsvRecord[], at: number, cells: string[]) => {
    width ??= cells.length;
    if (cells.length !== width) throw new CsvError(at, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH');
    out.push({ line: at, cells });
  };

  /** A record with quotes from `start`; its end and the lines it spans, or undefined if the text ends inside it. */
  const quoted = (text: string, start: number, final: boolean): { cells: string[]; end: number; lines: number } | undefined => {
    const cells: string[] = [];
    let i = start;
    let lines = 0;
    for (;;) {
      let cell = '';
      if (text.charCodeAt(i) === 34) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            if (final) throw new CsvError(line, 'CSV_QUOTE_NOT_CLOSED');
            return undefined;
          }
          const part = text.slice(i, q);
          for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) lines++;
          cell += part;
          if (q + 1 >= text.length && !final) return undefined;
          if (text.charCodeAt(q + 1) === 34) {
            cell += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        else if (!(c === 44 || c === 10 || i >= text.length)) throw new CsvError(line + lines, 'CSV_INVALID_CLOSING_QUOTE');
      } else {
        let end = i;
        while (end < text.length) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10) break;
          end++;
        }
        if (end >= text.length && !final) return undefined;
        cell = text.slice(i, end);
        if (cell.endsWith('\r') && text.charCodeAt(end) !== 44) cell = cell.slice(0, -1);
        if (cell.includes('"')) throw new CsvError(line + lines, 'CSV_INVALID_OPENING_QUOTE');
        i = end;
      }
      cells.push(cell);
      if (i >= text.length) return { cells, end: i, lines };
      if (text.charCodeAt(i) === 10) return { cells, end: i + 1, lines: lines + 1 };
      i++; // the comma
    }
  };

  const read = (text: string, final: boolean): CsvRecord[] => {
    const out: CsvRecord[] = [];
    let pos = 0;
    // The next quote at or after `pos` (text.length: none): most lines have none, and are cut at their commas in place.
    let quote = -1;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0 && !final) break;
      const stop = nl < 0 ? text.length : nl;
      if (quote < pos) {
        quote = text.indexOf('"', pos);
        if (quote < 0) quote = text.length;
      }
      if (quote >= stop) {
        const end = stop > pos && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
        if (end > pos) {
          const cells: string[] = [];
          let from = pos;
          for (let comma = text.indexOf(',', from); comma >= 0 && comma < end; comma = text.indexOf(',', from)) {
            cells.push(text.slice(from, comma));
            from = comma + 1;
          }
          cells.push(text.slice(from, end));
          emit(out, line, cells);
        }
        line++;
        pos = stop + 1;
        continue;
      }
      const r = quoted(text, pos, final);
      if (!r) break;
      emit(out, line, r.cells);
      line += r.lines;
      pos = r.end;
    }
    rest = text.slice(pos);
    return out;
  };

  return {
    /** Records completed by this text. */
    push(text: string): CsvRecord[] {
      let t = rest + text;
      if (!started && t.length) {
        started = true;
        if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      }
      return read(t, false);
    },
    /** The last record, if the file does not end with a line break. */
    end(): CsvRecord[] {
      const out = read(rest, true);
      rest = '';
      return out;
    },
  };
}
