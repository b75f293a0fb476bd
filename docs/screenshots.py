"""Screenshots of the real application, so the documentation's pictures stay true.

    python docs/screenshots.py OUT_DIR [--size 1280x800]

Opens the main window offscreen on a fresh copy of the demo plan and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x800")
    options = parser.parse_args(argv)
    width, height = (int(n) for n in options.size.split("x"))
    options.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as home:
        os.environ["CYPP_DESKTOP_HOME"] = home
        from cypp_desktop.app import build_main_window, create_application
        from cypp_desktop.store.demo import write_demo

        plan = write_demo(Path(home) / "Demo plan.cypp")
        app = create_application()
        window, controller = build_main_window(plan)
        window.resize(width, height)
        window.show()
        app.processEvents()
        for row, (_page, title) in enumerate(window.pages):
            window.navigation.setCurrentRow(row)
            app.processEvents()
            target = options.out / f"{row + 1:02d}-{title.lower()}.png"
            window.grab().save(str(target))
            print(target)
        window.close()
        controller.close_plan()
    return 0


if __name__ == "__main__":
    sys.exit(main())
