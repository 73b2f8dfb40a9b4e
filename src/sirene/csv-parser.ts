/**
 * A small RFC 4180 record splitter that keeps going after a bad line.
 *
 * Why not a library: csv-parse (the best-kept one) reports line numbers, but an unterminated
 * quote makes it swallow the rest of the file as one field and fail at the end — on a 9 GB
 * register that loses millions of good rows for one stray quote. Here a record may span several
 * physical lines only while it stays well-formed: as soon as a multi-line record breaks (or grows
 * past `maxRecordLines`), its first line is reported and reading starts again on the next line.
 *
 * Input is fed one physical line at a time (without its line break); output is a list of events
 * the caller drains. Embedded CRLF inside quoted values comes out as LF.
 */

export interface RecordEvent {
  kind: 'record';
  /** 1-based physical line where the record starts */
  line: number;
  fields: string[];
}

export interface BadLineEvent {
  kind: 'bad';
  line: number;
  reason: string;
}

export type CsvEvent = RecordEvent | BadLineEvent;

const QUOTE = 34; // "
const COMMA = 44; // ,

/** Result of scanning one line: the record is complete, still open inside quotes, or broken. */
const DONE = 0;
const OPEN = 1;
type ScanResult = typeof DONE | typeof OPEN | string;

/** the physical lines a quoted value may span before its quote is deemed unterminated */
export const MAX_RECORD_LINES = 20;

export const UNTERMINATED_QUOTE = 'unterminated quote: a quoted field is never closed';

export class CsvRecordSplitter {
  /** Events produced since the caller last drained them. */
  events: CsvEvent[] = [];

  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Physical lines of the record being assembled (kept to replay them if it breaks). */
  private pending: string[] = [];
  private startLine = 0;

  constructor(private readonly maxRecordLines = MAX_RECORD_LINES) {}

  /** No record is open across lines: the next line starts a record of its own. */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  /** Feeds one physical line; `lineNumber` is 1-based. */
  pushLine(line: string, lineNumber: number): void {
    if (this.pending.length === 0 && this.tryFastPath(line, lineNumber)) return;
    this.slowPath(line, lineNumber);
  }

  /** Call once at the end of input: a record still open there is reported, then its tail replayed. */
  end(): void {
    while (this.pending.length > 0) this.fail(UNTERMINATED_QUOTE);
  }

  /**
   * The common cases without the state machine: no quote at all (plain split), or every field
   * quoted and none holding a quote — then the line is exactly `"` + fields joined by `","` + `"`.
   */
  private tryFastPath(line: string, lineNumber: number): boolean {
    if (line === '') return true; // blank line between records: nothing to read, nothing wrong
    if (line.indexOf('"') === -1) {
      this.events.push({ kind: 'record', line: lineNumber, fields: line.split(',') });
      return true;
    }
    const last = line.length - 1;
    if (last < 1 || line.charCodeAt(0) !== QUOTE || line.charCodeAt(last) !== QUOTE) return false;
    const fields = line.slice(1, last).split('","');
    for (const f of fields) if (f.indexOf('"') !== -1) return false;
    this.events.push({ kind: 'record', line: lineNumber, fields });
    return true;
  }

  private slowPath(line: string, lineNumber: number): void {
    if (this.pending.length === 0) this.startLine = lineNumber;
    this.pending.push(line);
    const result = this.scan(line);
    if (result === DONE) {
      this.events.push({ kind: 'record', line: this.startLine, fields: this.fields });
      this.reset();
    } else if (result === OPEN) {
      if (this.pending.length >= this.maxRecordLines) this.fail(UNTERMINATED_QUOTE);
    } else {
      // a break on a continuation line means the first line's quote was never meant to span lines
      this.fail(this.pending.length > 1 ? UNTERMINATED_QUOTE : result);
    }
  }

  /** Reports the record's first line as bad, then replays the lines after it as fresh input. */
  private fail(reason: string): void {
    const replay = this.pending.slice(1);
    const first = this.startLine;
    this.events.push({ kind: 'bad', line: first, reason });
    this.reset();
    // each replay drops at least one line, so this always terminates
    for (let i = 0; i < replay.length; i++) this.pushLine(replay[i] as string, first + 1 + i);
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.inQuotes = false;
    this.pending = [];
  }

  /** The state machine proper: carries on from the state the previous line left. */
  private scan(line: string): ScanResult {
    const len = line.length;
    let i = 0;
    for (;;) {
      if (!this.inQuotes) {
        // at the start of a field
        if (i < len && line.charCodeAt(i) === QUOTE) {
          this.inQuotes = true;
          i++;
          continue;
        }
        const comma = line.indexOf(',', i);
        const raw = line.slice(i, comma === -1 ? len : comma);
        if (raw.indexOf('"') !== -1) return 'broken quoting: a quote inside an unquoted field';
        this.fields.push(raw);
        if (comma === -1) return DONE;
        i = comma + 1; // a trailing comma yields one more, empty, field on the next turn
        continue;
      }
      const quote = line.indexOf('"', i);
      if (quote === -1) {
        // the line ends inside quotes: the value holds a line break (or the quote is never closed)
        this.field += `${line.slice(i)}\n`;
        return OPEN;
      }
      this.field += line.slice(i, quote);
      const next = quote + 1;
      if (next < len && line.charCodeAt(next) === QUOTE) {
        this.field += '"'; // doubled quote: a literal quote inside the value
        i = next + 1;
        continue;
      }
      this.fields.push(this.field);
      this.field = '';
      this.inQuotes = false;
      if (next === len) return DONE;
      if (line.charCodeAt(next) !== COMMA) {
        return 'broken quoting: unexpected character after a closing quote';
      }
      i = next + 1;
    }
  }
}

/** The longest physical line read, in bytes: a SIRENE line is under 2 KB. */
export const MAX_LINE_BYTES = 65_536;

/** A line longer than the limit: reading stops there, naming the line. */
export class LineTooLongError extends Error {
  override name = 'LineTooLongError';
  readonly code = 'LINE_TOO_LONG';
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line ${line}: longer than ${String(limit).replace(/\B(?=(\d{3})+$)/g, ' ')} bytes`);
  }
}

/** Receives one physical line: `bytes[start, end)`, its line break and a CR before it left out. */
export type LineSink = (bytes: Buffer, start: number, end: number, lineNumber: number) => void;

const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Splits bytes into physical lines across chunk boundaries and numbers them, without decoding
 * them: a line is handed over as a range of the chunk it lies in, so that a caller may look at a
 * few of its bytes and drop it without ever building a string (most lines of a national file are
 * dropped so). A UTF-8 byte-order mark at the start is skipped; a trailing CR is dropped so CRLF
 * files read like LF files.
 *
 * Only the unfinished line at the end of a chunk is kept, copied, and joined once its line break
 * comes. A line over `maxBytes` stops the reading (`LineTooLongError`) as soon as its kept
 * pieces pass the limit, before the rest of it is read.
 */
export class ByteLineSplitter {
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private lineNumber = 0;
  /** the first bytes of the input while they may still be a byte-order mark */
  private held: number[] = [];
  private bomChecked = false;

  constructor(
    private readonly onLine: LineSink,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  get linesSeen(): number {
    return this.lineNumber;
  }

  /** Counts `lines` whole lines read elsewhere (a block the pre-filter's workers judged). */
  countLines(lines: number): void {
    this.lineNumber += lines;
  }

  push(chunk: Buffer): void {
    let start = this.skipBom(chunk);
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      if (this.pieces.length > 0) {
        this.pieces.push(chunk.subarray(start, nl));
        const line = Buffer.concat(this.pieces);
        this.pieces = [];
        this.pieceBytes = 0;
        this.emit(line, 0, line.length);
      } else {
        this.emit(chunk, start, nl);
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      // a copy: the chunk itself is let go once its ended lines are read
      this.pieces.push(Buffer.from(chunk.subarray(start)));
      this.pieceBytes += chunk.length - start;
      // one byte more is allowed for the CR of a CRLF line break
      if (this.pieceBytes > this.maxBytes + 1) {
        throw new LineTooLongError(this.lineNumber + 1, this.maxBytes);
      }
    }
  }

  /** Hands over the bytes of the line not ended yet (they are then no longer held here). */
  takeUnfinished(): Buffer | undefined {
    this.releaseHeld();
    if (this.pieces.length === 0) return undefined;
    const bytes = Buffer.concat(this.pieces);
    this.pieces = [];
    this.pieceBytes = 0;
    return bytes;
  }

  /** Flushes a last line that has no line break after it. */
  end(): void {
    this.releaseHeld();
    if (this.pieces.length === 0) return;
    const line = Buffer.concat(this.pieces);
    this.pieces = [];
    this.pieceBytes = 0;
    this.emit(line, 0, line.length);
  }

  /**
   * Where reading starts in this chunk: past a byte-order mark at the very start of the input,
   * even when the mark's three bytes come in separate chunks.
   */
  private skipBom(chunk: Buffer): number {
    if (this.bomChecked) return 0;
    let i = 0;
    while (i < chunk.length) {
      if (chunk[i] !== BOM[this.held.length]) {
        // no mark: the bytes held back are the start of the first line
        this.releaseHeld();
        return i;
      }
      this.held.push(chunk[i] as number);
      i++;
      if (this.held.length === BOM.length) {
        this.held = [];
        this.bomChecked = true;
        return i;
      }
    }
    return i;
  }

  private releaseHeld(): void {
    this.bomChecked = true;
    if (this.held.length === 0) return;
    this.pieces.push(Buffer.from(this.held));
    this.pieceBytes += this.held.length;
    this.held = [];
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    const n = ++this.lineNumber;
    const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
    if (stop - start > this.maxBytes) throw new LineTooLongError(n, this.maxBytes);
    this.onLine(bytes, start, stop, n);
  }
}
