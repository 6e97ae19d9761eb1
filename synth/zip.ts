import * as zlib from 'node:zlib';

/** The CRC-32 table zip uses (IEEE 802.3), for a Node without zlib.crc32. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function tableCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The same CRC-32, from zlib where Node has it (from 20.15 and 22.2): well under a
 * millisecond for the 260 KB Lambda bundle, where the JavaScript loop took 30 to 50 ms.
 */
const crc32: (data: Uint8Array) => number = typeof zlib.crc32 === 'function' ? (data) => zlib.crc32(data) : tableCrc32;

/** A date as the MS-DOS time and date fields of a zip header, from its UTC fields (so the same in every time zone). */
function dosDateTime(date: Date): { time: number; day: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * A zip archive of `files` (name to content, in that order), each deflated by Node's zlib at
 * level 9 and dated `date`: the same bytes for the same files on every machine and in every
 * time zone. Node's native deflate takes a few milliseconds where a JavaScript one took a
 * tenth of a synth. No data descriptors, no extra fields, no Zip64 (every file is far below 4 GB).
 */
export function zipFiles(files: Readonly<Record<string, Uint8Array>>, date: Date): Buffer {
  const { time, day } = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const fileName = Buffer.from(name, 'utf8');
    const compressed = zlib.deflateRawSync(content, { level: 9 });
    const crc = crc32(content);
    // Bit 11: the name is UTF-8 (only set when it is not plain ASCII).
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed to extract: 2.0, deflate
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8); // compression method: deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central directory file header signature
    central.writeUInt16LE(20, 4); // version made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6); // version needed to extract
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    // Extra field, comment, disk number, internal and external attributes: all zero (offsets 30-41).
    central.writeUInt32LE(offset, 42); // offset of the local header
    locals.push(local, fileName, compressed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + compressed.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(Object.keys(files).length, 8); // entries on this disk
  end.writeUInt16LE(Object.keys(files).length, 10); // entries in all
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16); // where the central directory starts
  return Buffer.concat([...locals, centralDirectory, end]);
}
