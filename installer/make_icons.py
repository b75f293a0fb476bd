"""Draw the application icon's PNG sizes and the Windows .ico from the SVG master.

    python installer/make_icons.py

Run it after changing resources/icons/cypp-desktop.svg and commit what it writes: the app,
the Linux desktop entry and the Windows installer use the drawn files, so neither the
bundle nor a user's machine needs an SVG renderer. Each size is drawn from the vector
master, not scaled down from a large bitmap, so small icons stay sharp.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
MASTER = ICONS / "cypp-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows reads nothing larger from an .ico


def draw(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding each size as a PNG (Windows Vista onwards reads these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory = b""
    images = b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(MASTER))
    if not renderer.isValid():
        print(f"{MASTER} is not a valid SVG", file=sys.stderr)
        return 1
    pngs = {size: png_bytes(draw(renderer, size)) for size in PNG_SIZES}
    for size, data in pngs.items():
        target = ICONS / f"cypp-desktop-{size}.png"
        target.write_bytes(data)
        print(target)
    ico = ICONS / "cypp-desktop.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    print(ico)
    return 0


if __name__ == "__main__":
    sys.exit(main())
