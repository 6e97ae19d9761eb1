import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * The most `evaluate` reads from one input, before and after gunzip. CloudTrail log files
 * are a few MB; the cap keeps a stray disk image or a gzip bomb (600 KB that inflates to
 * 600 MB) from taking the machine's memory: zlib stops inflating at the cap.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const MAX_INPUT_TEXT = `${MAX_INPUT_BYTES / 1024 / 1024} MB`;

/** Control characters, which a terminal would act on, as visible escapes: a bad file is quoted safely. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One JSON document of an input: the whole file, or one line of a JSON Lines file. */
export interface InputDocument {
  /** `line N` for a line of a JSON Lines file; empty for a whole file. */
  readonly line: string;
  readonly document: unknown;
}

/** Reads an open descriptor up to `MAX_INPUT_BYTES`; undefined when it holds more. */
function readBounded(fd: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(1024 * 1024);
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking standard input with nothing yet to read.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw error;
    }
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    if (total > MAX_INPUT_BYTES) return undefined;
    chunks.push(chunk.subarray(0, read));
  }
}

/** The bytes of a file, or of standard input for `-`. */
export function readInputBytes(file: string): { bytes: Buffer } | { problem: string } {
  const tooLarge = { problem: `is larger than ${MAX_INPUT_TEXT}, the most evaluate reads from one input: split it, or select the sign-ins first (for example with jq).` };
  let bytes: Buffer | undefined;
  try {
    if (file !== '-' && statSync(file).size > MAX_INPUT_BYTES) return tooLarge;
    const fd = file === '-' ? 0 : openSync(file, 'r');
    try {
      bytes = readBounded(fd);
    } finally {
      if (fd !== 0) closeSync(fd);
    }
  } catch (error) {
    return { problem: `cannot be read: ${(error as Error).message}` };
  }
  if (bytes === undefined) return tooLarge;
  // CloudTrail writes its log files to S3 gzipped; accept them as downloaded.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_INPUT_BYTES });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return { problem: `inflates to more than ${MAX_INPUT_TEXT}, the most evaluate reads from one input: split it, or select the sign-ins first.` };
      }
      return { problem: `is not a readable gzip file: ${(error as Error).message}` };
    }
  }
  return { bytes };
}

/**
 * The JSON documents of an input: the whole text, or, when that is not JSON but its first
 * line is, one document per non-empty line (JSON Lines, as many log tools export).
 */
export function parseInput(text: string): { documents: InputDocument[] } | { problem: string } {
  try {
    return { documents: [{ line: '', document: JSON.parse(text) }] };
  } catch (error) {
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.trim() !== '');
    const isJsonLines = first >= 0 && first < lines.length - 1 && parses(lines[first]);
    if (!isJsonLines) return { problem: `is not valid JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  const documents: InputDocument[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      documents.push({ line: `line ${index + 1}`, document: JSON.parse(line) });
    } catch (error) {
      return { problem: `line ${index + 1} is not valid JSON (the file looks like JSON Lines: one record per line): ${(error as Error).message.split('\n')[0]}` };
    }
  }
  return { documents };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
