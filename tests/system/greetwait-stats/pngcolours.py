"""Decode a PNG as Chromium writes one (8-bit RGB or RGBA, not
interlaced; zlib and the five row filters, by hand: no imaging library
is a test dependency) and print its width, its height, then for each
colour given as RRGGBB how many pixels have it exactly."""
import struct
import sys
import zlib


def rows(path):
    d = open(path, "rb").read()
    if d[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", d[16:29])
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("not 8-bit RGB(A), or interlaced")
    i, idat = 8, b""
    while i < len(d):
        n, kind = struct.unpack(">I4s", d[i:i + 8])
        if kind == b"IDAT":
            idat += d[i + 8:i + 8 + n]
        i += 12 + n
    raw = zlib.decompress(idat)
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    prev = bytearray(stride)
    out = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for x in range(bpp, stride):
                row[x] = (row[x] + row[x - bpp]) & 255
        elif f == 2:
            row = bytearray((a + b) & 255 for a, b in zip(row, prev))
        elif f == 3:
            for x in range(stride):
                left = row[x - bpp] if x >= bpp else 0
                row[x] = (row[x] + (left + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = row[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(row)
        prev = row
    return w, h, bpp, out


w, h, bpp, image = rows(sys.argv[1])
print(w, h)
for colour in sys.argv[2:]:
    want = bytes.fromhex(colour)
    n = 0
    for row in image:
        if row.find(want) < 0:
            continue
        n += sum(1 for k in range(0, len(row), bpp) if row[k:k + 3] == want)
    print(colour, n)
