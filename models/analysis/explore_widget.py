"""The widget of :func:`models.explore`: sliders over :meth:`Explorer.update`, a Monte Carlo button.

A thin layer: each slider's change calls :meth:`Explorer.update` with every slider's
value that differs from the coded one and shows the returned tables; the button calls
:meth:`Explorer.monte_carlo`. ipywidgets (>= 8, the ``notebooks`` extra) is imported
only here, when a widget is built.
"""

from __future__ import annotations

import html
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.analysis.explore import Explorer

__all__ = ["build_widget", "require_ipywidgets"]


def require_ipywidgets() -> Any:
    """Return the ipywidgets module, or raise a clear error when it is missing or too old.

    Returns
    -------
    module

    Raises
    ------
    ImportError
        If ipywidgets >= 8 is not installed.
    """
    try:
        ipywidgets = importlib.import_module("ipywidgets")
    except ImportError as exc:
        raise ImportError(
            "models.explore shows its sliders with ipywidgets >= 8, which is not installed: "
            "pip install 'stances[notebooks]' (or pip install 'ipywidgets>=8'); "
            "Explorer.update and Explorer.monte_carlo work without it"
        ) from exc
    major = int(str(getattr(ipywidgets, "__version__", "0")).split(".")[0] or 0)
    if major < 8:
        raise ImportError(f"models.explore needs ipywidgets >= 8; found {ipywidgets.__version__}: "
                          "pip install -U 'ipywidgets>=8'")
    return ipywidgets


def _status(text: str, error: bool = False) -> str:
    colour = "#b00020" if error else "#555"
    return f"<span style='color:{colour}'>{html.escape(text)}</span>"


def build_widget(explorer: Explorer) -> Any:
    """Build the sliders, tables and Monte Carlo button of an explorer.

    Parameters
    ----------
    explorer : Explorer

    Returns
    -------
    ipywidgets.VBox
        Its ``children``: a heading, one row per slider (slider, grade and quotes
        behind a click), Reset and Run Monte Carlo buttons with a status line, the
        results' tables and the Monte Carlo's table.

    Raises
    ------
    ImportError
        If ipywidgets >= 8 is not installed.
    """
    w = require_ipywidgets()
    sliders = []
    rows = []
    for knob in explorer.knobs:
        tip = f"{knob.path} · {knob.grade.replace('_', ' ')}"
        if knob.quotes:
            tip += f" · {knob.quotes[0][:200]}"
        slider = w.FloatSlider(
            value=knob.value, min=knob.low, max=knob.high, step=knob.step,
            description=knob.label, tooltip=tip, continuous_update=False, readout_format=".3g",
            style={"description_width": "230px"}, layout=w.Layout(width="560px"),
        )
        sliders.append(slider)
        rows.append(w.HBox([slider, w.HTML(knob.describe_html(),
                                           layout=w.Layout(width="420px"))]))
    status = w.HTML(_status(f"coded values; {explorer.baseline.seconds:.2f} s"))
    tables = w.HTML(explorer.baseline.to_html())
    mc_out = w.HTML("")
    reset = w.Button(description="Reset", tooltip="back to the coded values")
    run_mc = w.Button(description="Run Monte Carlo", button_style="primary",
                      tooltip="re-run the Monte Carlo with the moved distributions")

    def changes() -> dict[str, float]:
        return {k.path: float(s.value) for k, s in zip(explorer.knobs, sliders, strict=True)
                if float(s.value) != k.value}

    def on_change(_: Any = None) -> None:
        try:
            result = explorer.update(changes())
        except (KeyError, ValueError) as exc:  # ScenarioError is a ValueError
            status.value = _status(f"not applied: {exc}", error=True)
            return
        status.value = _status(result.summary(short=True))
        tables.value = result.to_html()

    def on_reset(_: Any) -> None:
        for knob, slider in zip(explorer.knobs, sliders, strict=True):
            slider.unobserve(on_change, names="value")
            slider.value = knob.value
            slider.observe(on_change, names="value")
        on_change()

    def on_mc(_: Any) -> None:
        mc_out.value = _status("running the Monte Carlo ...")
        try:
            comparison = explorer.monte_carlo(changes())
        except (KeyError, ValueError) as exc:
            mc_out.value = _status(f"not run: {exc}", error=True)
            return
        mc_out.value = (f"<h4>Monte Carlo ({comparison.after.n_draws} draws): coded and "
                        f"what-if</h4>{comparison._repr_html_()}")

    for slider in sliders:
        slider.observe(on_change, names="value")
    reset.on_click(on_reset)
    run_mc.on_click(on_mc)
    heading = w.HTML(
        f"<h3>What-ifs: {html.escape(explorer.scenario.title)}</h3><p>The {len(sliders)} "
        "judged numbers that move the results most. Each change re-runs the bargaining "
        "and the forecasts; values outside a number's coded range are allowed and "
        "recorded. Click a grade to see the quotes.</p>"
    )
    return w.VBox([heading, *rows, w.HBox([reset, run_mc]), status, tables, mc_out])
