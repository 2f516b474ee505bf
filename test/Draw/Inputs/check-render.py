#!/usr/bin/env python3
"""Checks a headless-Chromium rendering of a drawing page.

Usage: check-render.py PNG STDERR WIDTH HEIGHT [DOM]

Fails (exit 1, one line saying why) unless:
- STDERR has no error line other than the D-Bus noise of a machine without a
  session bus, and no line reporting a crash, a failed check or a failed load;
- PNG is a PNG of WIDTH x HEIGHT whose pixels are not blank: at least 16
  distinct colours, at least 2% of pixels not white, and some pixels in the
  blue of selected cells / attention weights (so the inline SVG was drawn);
- DOM (the --dump-dom output, if given) holds inline <svg> elements and no
  <parsererror> (the XML parser accepted the page).
Decodes the PNG with zlib alone (8-bit RGB or RGBA, non-interlaced).
"""

import re
import struct
import sys
import zlib

# Errors a container without D-Bus or a GPU always prints; they say nothing
# about the page.
HARMLESS = re.compile(r"dbus|DBus|/run/dbus|bus\.cc|object_proxy\.cc|"
                      r"unexpected operator")
BAD = re.compile(r"ERROR:|FATAL|Check failed|crash|Crash|Failed to load|"
                 r"Uncaught|Segmentation|Aborted")


def fail(msg):
    print("check-render: error: " + msg)
    sys.exit(1)


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    pos, idat, width = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                fail("unsupported PNG (depth %d, colour type %d)" %
                     (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
    if width is None:
        fail("PNG without IHDR")
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if ftype == 0:
            rows.append(line)
            prev = line
            continue
        if ftype == 2:
            line = bytearray((u + v) & 255 for u, v in zip(line, prev))
            rows.append(line)
            prev = line
            continue
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    if len(sys.argv) not in (5, 6):
        fail("usage: check-render.py PNG STDERR WIDTH HEIGHT [DOM]")
    png, err, want_w, want_h = sys.argv[1], sys.argv[2], int(
        sys.argv[3]), int(sys.argv[4])
    for line in open(err, encoding="utf-8", errors="replace"):
        if BAD.search(line) and not HARMLESS.search(line):
            fail("chromium reported: " + line.strip())
    width, height, bpp, rows = read_png(png)
    if (width, height) != (want_w, want_h):
        fail("screenshot is %dx%d, expected %dx%d" %
             (width, height, want_w, want_h))
    colours, non_white, blue, total = set(), 0, 0, 0
    for line in rows[::2]:
        for x in range(0, width * bpp, 2 * bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            colours.add((r, g, b))
            total += 1
            if (r, g, b) != (255, 255, 255):
                non_white += 1
            if b > 180 and r < 120 and g < 160:
                blue += 1
    if len(colours) < 16:
        fail("screenshot has only %d colours" % len(colours))
    if non_white < 0.02 * total:
        fail("screenshot is almost blank (%d of %d pixels not white)" %
             (non_white, total))
    if blue == 0:
        fail("no blue cells in the screenshot: the SVG was not drawn")
    if len(sys.argv) == 6:
        dom = open(sys.argv[5], encoding="utf-8", errors="replace").read()
        if "parsererror" in dom:
            fail("the XML parser rejected the page")
        if dom.count("<svg") == 0:
            fail("no inline <svg> in the rendered DOM")
    print("check-render: ok: %dx%d, %d colours, %.1f%% not white" %
          (width, height, len(colours), 100.0 * non_white / total))


main()
