import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp, then a 12-bit counter within the millisecond
 * (method 1, so ids of one import ascend in file order), then 62 random bits. Imported
 * accounts arrive by the million; time-ordered ids append to the right edge of the primary
 * key's B-tree instead of touching a random page of it for every row, as v4 ids would.
 */
export function uuidV7Generator(clock: () => number = Date.now): () => string {
  let lastMs = 0;
  let counter = 0;
  const pool = Buffer.alloc(8 * 4096);
  let offset = pool.length;
  const bytes = Buffer.alloc(16);
  return () => {
    let ms = clock();
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      // 4,096 ids in one millisecond: borrow the next millisecond, as the RFC allows.
      if (counter > 0xfff) {
        ms = ++lastMs;
        counter = 0;
      }
    } else {
      lastMs = ms;
      counter = 0;
    }
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    pool.copy(bytes, 8, offset, offset + 8);
    offset += 8;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
