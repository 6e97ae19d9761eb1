import { createReadStream, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { type CloudTrailRecord, extractRecords } from '../core/detect/cloudtrail-record';
import { counted } from '../core/backtest/report';
import { recordFromRow } from '../core/backtest/rows';
import { MAX_INPUT_BYTES, printable } from './evaluate-input';

/** A file, or part of one, that could not be used, and why. */
export interface FileProblem {
  readonly what: string;
  readonly reason: string;
}

/** A file that is not JSON Lines is parsed whole, up to the size `evaluate` reads from one input. */
const MAX_DOCUMENT_CHARS = MAX_INPUT_BYTES;

/** Every file named, directories walked in name order (as `aws s3 sync` lays out a trail's bucket), digests left out. */
async function expand(paths: readonly string[], problems: FileProblem[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      problems.push({ what: path, reason: `cannot be read: ${(error as Error).message}` });
      return;
    }
    if (!info.isDirectory()) {
      files.push(path);
      return;
    }
    for (const name of (await readdir(path)).sort()) {
      // CloudTrail's digest files prove integrity and hold no records.
      if (!name.includes('CloudTrail-Digest')) await walk(join(path, name));
    }
  };
  for (const path of paths) await walk(path);
  return files;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** What one file held. */
interface FileTally {
  records: number;
  badLines: number;
  firstBadLine?: number;
  notRecords: number;
  firstNotRecord?: string;
}

/**
 * Reads one file as a stream, gzipped or not. JSON Lines (CloudTrail Lake or Athena
 * exports, one record or row a line) are judged line by line; anything else (a CloudTrail
 * log file, lookup-events output) is one JSON document. Only one file is ever in memory.
 */
async function readFile(file: string, onRecord: (record: CloudTrailRecord) => void): Promise<FileTally> {
  const tally: FileTally = { records: 0, badLines: 0, notRecords: 0 };
  /** `line` is the line number in JSON Lines, 0 for a whole document. */
  const take = (value: unknown, line: number): void => {
    const { records, problems } = extractRecords(recordFromRow(value));
    for (const { record } of records) onRecord(record);
    tally.records += records.length;
    if (problems.length > 0) {
      tally.notRecords += problems.length;
      tally.firstNotRecord ??= `${line > 0 ? `line ${line}: ` : ''}${problems[0].where} ${problems[0].problem}`;
    }
  };
  const input = createReadStream(file);
  const text = (await isGzip(file)) ? input.pipe(createGunzip()) : input;
  let failure: Error | undefined;
  const stop = (error: Error): void => {
    failure ??= error;
    lines.close();
    input.destroy();
  };
  // Before the interface, which hears the stream's errors too: the first listener names the cause.
  input.on('error', stop);
  if (text !== input) text.on('error', (error: Error) => stop(new Error(`is not valid gzip: ${error.message}`)));
  const lines = createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('error', stop);
  let mode: 'lines' | 'document' | undefined;
  let document: string[] = [];
  let documentChars = 0;
  let lineNumber = 0;
  lines.on('line', (line) => {
    lineNumber++;
    if (failure !== undefined) return;
    if (mode === 'document') {
      documentChars += line.length + 1;
      if (documentChars > MAX_DOCUMENT_CHARS) stop(new Error(`is neither JSON Lines nor one JSON document under ${MAX_DOCUMENT_CHARS / 1024 / 1024} MB: export JSON Lines, one record a line`));
      else document.push(line);
      return;
    }
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (mode === 'lines') {
        tally.badLines++;
        tally.firstBadLine ??= lineNumber;
        return;
      }
      // The first line is not JSON on its own: the file is one document over several lines.
      mode = 'document';
      document.push(line);
      documentChars = line.length + 1;
      return;
    }
    mode = 'lines';
    take(value, lineNumber);
  });
  await new Promise((resolve) => lines.once('close', resolve));
  if (failure !== undefined) throw failure;
  if (mode === 'document') {
    let value: unknown;
    try {
      value = JSON.parse(document.join('\n'));
    } catch (error) {
      throw new Error(`is not valid JSON: ${printable((error as Error).message.split('\n')[0])}`);
    }
    document = [];
    take(value, 0);
  }
  return tally;
}

/**
 * Reads CloudTrail records from files and directories and hands each to `onRecord`,
 * one file at a time. Returns how many files were read and what could not be used;
 * a bad file never stops the others.
 */
export async function readRecordFiles(paths: readonly string[], onRecord: (record: CloudTrailRecord) => void): Promise<{ files: number; problems: FileProblem[] }> {
  const problems: FileProblem[] = [];
  const files = await expand(paths, problems);
  for (const file of files) {
    let tally: FileTally;
    try {
      tally = await readFile(file, onRecord);
    } catch (error) {
      const message = (error as Error).message;
      problems.push({ what: file, reason: message.startsWith('is ') ? message : `cannot be read: ${message}` });
      continue;
    }
    if (tally.badLines > 0) problems.push({ what: file, reason: `${counted(tally.badLines, 'line is', 'lines are')} not JSON (the first is line ${tally.firstBadLine}); the other lines were judged` });
    if (tally.records === 0) problems.push({ what: file, reason: 'holds no CloudTrail record signin-watch recognises' });
    else if (tally.notRecords > 0) problems.push({ what: file, reason: `${counted(tally.notRecords, 'entry is', 'entries are')} not a CloudTrail record (the first: ${tally.firstNotRecord})` });
  }
  return { files: files.length, problems };
}
