"""Time to draw indicator charts, against a bare matplotlib line plot of the same size.

    python benchmarks/charts.py --json [--charts 200] [--rounds 3]

Writes a synthetic plan (benchmarks/synthetic.py) with one indicator per chart, each with 12
quarters of values and targets, a baseline and a forecast, and builds their specifications.
Then, in the same process, each round draws every chart to pixels as the screen does
(cypp_desktop.charts.render.Renderer.picture) and, for scale, as many bare line plots of the
same size: a new Figure, one Axes, one line of the same 12 values, drawn with the Agg canvas
and its pixels copied, as a plain matplotlib script would. The median round counts.
Goal: ms_per_chart at most 1.5 times bare_ms_per_chart.

Also reported: a second pass over the same charts (answered from the renderer's cache, as a
chart shown again is), a bare plot redrawn on one reused figure, and a PNG export.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import CURRENT_PERIOD, write_synthetic

from cypp_desktop.charts.spec import IndicatorChart
from cypp_desktop.store import Store, chart_data

WIDTH, HEIGHT, DPI = 640, 400, 100.0
GOAL_RATIO = 1.5


def build_specs(count: int) -> list[IndicatorChart]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "charts.cypp"
        write_synthetic(path, actions=50, indicators=count, periods=12)
        store = Store.open(path)
        try:
            return chart_data.indicator_charts(store, CURRENT_PERIOD)
        finally:
            store.close()


def bare_plot(values: list[float]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    figure.add_subplot().plot(range(len(values)), values)
    canvas.draw()
    return bytes(canvas.buffer_rgba())


class ReusedBarePlot:
    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_subplot()
        (self.line,) = self.axes.plot([0, 1], [0, 1])

    def draw(self, values: list[float]) -> bytes:
        self.line.set_data(range(len(values)), values)
        self.axes.relim()
        self.axes.autoscale_view()
        self.canvas.draw()
        return bytes(self.canvas.buffer_rgba())


def per_chart_ms(work: list[object], draw: object) -> float:
    started = time.perf_counter()
    for item in work:
        draw(item)  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000 / len(work)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    options = parser.parse_args(argv)

    specs = build_specs(options.charts)
    series = [[point.value for point in spec.actuals] for spec in specs]

    from cypp_desktop.charts.render import Renderer

    renderer = Renderer(cache_size=0)
    reused = ReusedBarePlot()
    for spec, values in zip(specs[:5], series[:5], strict=True):  # fonts and caches warm
        renderer.picture(spec, WIDTH, HEIGHT, DPI)
        bare_plot(values)
        reused.draw(values)

    ours, bare, bare_reused = [], [], []
    for _round in range(options.rounds):
        ours.append(
            per_chart_ms(specs, lambda spec: renderer.picture(spec, WIDTH, HEIGHT, DPI))  # type: ignore[arg-type, list-item]
        )
        bare.append(per_chart_ms(series, bare_plot))  # type: ignore[arg-type]
        bare_reused.append(per_chart_ms(series, reused.draw))  # type: ignore[arg-type]

    cached = Renderer(cache_size=len(specs))
    for spec in specs:
        cached.picture(spec, WIDTH, HEIGHT, DPI)
    cached_ms = per_chart_ms(specs, lambda spec: cached.picture(spec, WIDTH, HEIGHT, DPI))  # type: ignore[arg-type, list-item]
    export_ms = per_chart_ms(specs[:20], lambda spec: renderer.encode(spec, "png"))  # type: ignore[arg-type, list-item]

    ms = statistics.median(ours)
    bare_ms = statistics.median(bare)
    print(
        json.dumps(
            {
                "charts": len(specs),
                "size_px": [WIDTH, HEIGHT],
                "dpi": DPI,
                "rounds": options.rounds,
                "ms_per_chart": round(ms, 2),
                "bare_ms_per_chart": round(bare_ms, 2),
                "ratio": round(ms / bare_ms, 3),
                "goal_ratio": GOAL_RATIO,
                "meets_goal": ms <= GOAL_RATIO * bare_ms,
                "bare_reused_figure_ms_per_chart": round(statistics.median(bare_reused), 2),
                "cached_ms_per_chart": round(cached_ms, 3),
                "png_export_ms_per_chart": round(export_ms, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
