"""Writes eng/icon.png, the 128x128 package icon: a dark tile with a light ring (a scan slice). Standard library only."""
import struct, zlib, math, pathlib

SIZE = 128
rows = []
for y in range(SIZE):
    row = bytearray([0])
    for x in range(SIZE):
        r = math.hypot(x - 63.5, y - 63.5)
        if 34 <= r <= 46:
            pixel = (0x4F, 0xC3, 0xF7, 255)
        elif r < 24:
            pixel = (0xE0, 0xF2, 0xFB, 255)
        else:
            pixel = (0x0D, 0x2B, 0x45, 255)
        row += bytes(pixel)
    rows.append(bytes(row))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
pathlib.Path(__file__).with_name("icon.png").write_bytes(png)
