/** Hostile archives, built byte by byte for the tests of the readers that must refuse them. */

/**
 * 128 bytes: a local header's signature (what the upload sniffs), then an end of central
 * directory record that claims a central directory of 0xF0000000 bytes at offset 0.
 */
export function hostileZip(): Buffer {
  const head = Buffer.alloc(106);
  head.writeUInt32LE(0x04034b50, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8); // entries on this disk
  end.writeUInt16LE(1, 10); // entries in all
  end.writeUInt32LE(0xf0000000, 12); // size of the central directory
  end.writeUInt32LE(0, 16); // its offset
  return Buffer.concat([head, end]);
}
