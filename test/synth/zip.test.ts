import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { zipFiles } from '../../synth/zip';

const FILES = { 'index.js': Buffer.from(`exports.handler = async () => {};\n${'// padding\n'.repeat(500)}`), 'settings.json': Buffer.from('{"allowedCidrs":[]}\n') };
const DATE = new Date('2020-01-01T00:00:00Z');

describe('zipFiles (the Lambda package)', () => {
  it('holds every file, as another zip reader reads it', () => {
    // Act
    const zip = zipFiles(FILES, DATE);

    // Assess
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(['index.js', 'settings.json']);
    expect(Buffer.from(read['index.js']).equals(FILES['index.js'])).toBe(true);
    expect(Buffer.from(read['settings.json']).equals(FILES['settings.json'])).toBe(true);
  });

  it('records the CRC-32 and size of every entry, dated 2020-01-01 00:00 in MS-DOS form', () => {
    // Act
    const zip = zipFiles(FILES, DATE);

    // Assess: the central directory, which zip readers trust.
    const entries: Array<{ name: string; time: number; day: number; crc: number; size: number }> = [];
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      const name = zip.toString('utf8', at + 46, at + 46 + zip.readUInt16LE(at + 28));
      entries.push({ name, time: zip.readUInt16LE(at + 12), day: zip.readUInt16LE(at + 14), crc: zip.readUInt32LE(at + 16), size: zip.readUInt32LE(at + 24) });
    }
    const day = ((2020 - 1980) << 9) | (1 << 5) | 1;
    expect(entries).toEqual(Object.entries(FILES).map(([name, content]) => ({ name, time: 0, day, crc: crc32(content), size: content.length })));
  });

  it('writes the same bytes in every time zone', () => {
    // Prepare
    const zone = process.env.TZ;
    const zipIn = (tz: string) => {
      process.env.TZ = tz;
      return zipFiles(FILES, DATE);
    };

    try {
      // Act
      const [utc, newYork, tokyo] = [zipIn('UTC'), zipIn('America/New_York'), zipIn('Asia/Tokyo')];

      // Assess
      expect([newYork.equals(utc), tokyo.equals(utc)]).toEqual([true, true]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
