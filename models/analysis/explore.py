r"""Interactive what-ifs: move judged numbers and re-run bargaining and forecasts live.

:func:`explore` picks the judged numbers of a scenario that move the results most
and returns an :class:`Explorer`. In Jupyter it shows as sliders (by path, labelled
``"RUS · territory · salience"``, each with its evidence grade and its quotes a click
away) that re-run the bargaining (ZOPA and solutions, among all parties and among the
core parties) and the forecasts at every change, and a button that re-runs the Monte
Carlo with the moved distributions. The widget layer
(:mod:`models.analysis.explore_widget`) is thin: everything it shows comes from
:meth:`Explorer.update`, which takes ``{path: value}`` and returns a
:class:`WhatIfResult`, and from :meth:`Explorer.monte_carlo`, both plain functions
that run without a browser.

A change is applied by :meth:`positions.Scenario.with_estimates` with the default
``uncertainty="move"``: the number's distribution moves with it
(:mod:`positions.moves`), so the Monte Carlo samples around the new value.

**Ranking the numbers.** Given a sensitivity result (an :class:`~models.Analysis`,
:class:`~models.SobolIndices` or :class:`~models.MorrisScreening`), an input's score
is its largest total index :math:`S_T` over the outputs (Sobol), or its largest
:math:`\mu^*` relative to the largest of that output (Morris). Without one, a
one-at-a-time screening on the point values: each uncertain input is set in turn to
the 5% and 95% quantiles of its distribution, the others staying at their values, and
the bargaining and forecast outputs (:class:`~models.bargaining.BargainingModel`,
:class:`~models.spatial.ForecastModel`, batched over the :math:`2d + 1` rows) are
compared with the point-value row; the score is the mean over the outputs of the
largest change, each output's change scaled by its range over the rows (a ZOPA
appearing or an undefined solution counts 1). This is the radial one-at-a-time design
of Campolongo et al. (2011) with one step per side; it costs one batched evaluation.

References
----------
.. [1] Campolongo, F., Saltelli, A. and Cariboni, J. (2011). From screening to
   quantitative sensitivity analysis. A unified approach. *Computer Physics
   Communications*, 182(4), 978-988.
.. [2] Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*.
   Wiley, ch. 3 (elementary effects) and ch. 4 (variance-based indices).

Examples
--------
>>> import positions
>>> ex = explore(positions.load("ukraine-ceasefire-2025-05"), n_sliders=4)
>>> len(ex.knobs)
4
>>> path = "positions[RUS/territory].salience"
>>> r = ex.update({path: 0.5})
>>> r.scenario.estimates()[path].value
0.5
"""

from __future__ import annotations

import html
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from models._checks import check_int
from models.analysis.explore_results import MonteCarloComparison, WhatIfResult

if TYPE_CHECKING:
    from models.analysis.analyze import Analysis
    from models.uncertainty.results import MonteCarloResult
    from models.uncertainty.sensitivity import MorrisScreening, SobolIndices
    from positions import Scenario

__all__ = ["Explorer", "Knob", "explore", "knob_label"]

_PATH = re.compile(r"^(?P<coll>[A-Za-z_]+)\[(?P<key>[^\]]+)\]\.(?P<field>.+)$")


@dataclass(frozen=True, slots=True)
class Knob:
    """One judged number that a slider moves.

    Attributes
    ----------
    path : str
        Its path, as in :meth:`positions.Scenario.estimates`.
    label : str
        A short label (``"RUS · territory · salience"``).
    value : float
        The coded value.
    low, high : float
        The slider's range: the kind's hard range where it is finite
        (:func:`positions.whatif.hard_range`), else the coded range widened by its
        width on each side.
    coded : tuple of float
        The coded range (the support of its uncertainty).
    step : float
        The slider's step.
    score : float
        How much it moves the results (see :mod:`models.analysis.explore`).
    grade : str
        Its evidence grade (``"no_quote"`` when nothing is quoted for it).
    rationale : str
    quotes : tuple of str
        Each quote behind it, as ``"source (origin, attribution): quote"``.
    assumptions : tuple of str
    """

    path: str
    label: str
    value: float
    low: float
    high: float
    coded: tuple[float, float]
    step: float
    score: float
    grade: str
    rationale: str
    quotes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()

    def describe_html(self) -> str:
        """Return the grade, range, rationale and quotes as a collapsible HTML block."""
        quotes = "".join(f"<li>{html.escape(q)}</li>" for q in self.quotes) or "<li>none</li>"
        notes = "".join(f"<li>{html.escape(a)}</li>" for a in self.assumptions)
        coded = f"[{self.coded[0]:.4g}, {self.coded[1]:.4g}]"
        return (
            f"<details><summary>{html.escape(self.grade.replace('_', ' '))} · "
            f"{len(self.quotes)} quote{'s' if len(self.quotes) != 1 else ''} · coded "
            f"{self.value:.4g} in {coded}</summary>"
            f"<div style='font-size:90%'><code>{html.escape(self.path)}</code><br>"
            f"<b>Rationale:</b> {html.escape(self.rationale)}<br><b>Quotes:</b><ul>{quotes}</ul>"
            + (f"<b>Assumptions:</b><ul>{notes}</ul>" if notes else "")
            + "</div></details>"
        )


def knob_label(scenario: Scenario, path: str) -> str:
    """Return a short label for an estimate's path.

    Parameters
    ----------
    scenario : positions.Scenario
    path : str

    Returns
    -------
    str
        ``"RUS · territory · salience"`` for ``positions[RUS/territory].salience``;
        a parameter's own label; a belief's holder and proposition.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> knob_label(s, "positions[RUS/territory].acceptable.low")
    'RUS · territory · acceptable low'
    >>> knob_label(s, "actors[USA].capability")
    'USA · capability'
    """
    match = _PATH.match(path)
    if match is None:
        return path
    coll, key, name = match["coll"], match["key"], match["field"]
    words = name.replace(".value", "").replace(".", " ").replace("_", " ")
    if coll == "parameters":
        param = next((p for p in scenario.parameters if p.id == key), None)
        if param is not None:
            return f"{param.actor} · {param.label}" if param.actor else param.label
    if coll == "beliefs":
        belief = next((b for b in scenario.beliefs if b.id == key), None)
        if belief is not None:
            return f"{belief.holder} · {belief.proposition} · {words}"
    if coll == "disagreement":
        return f"{key} · disagreement {words}"
    return " · ".join([*key.split("/"), words]) if words != "value" else key


def _provenance(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """Map each estimate's path to its grade, rationale, quotes and assumptions."""
    frame = scenario.estimates_frame()
    evidence = scenario.evidence_frame()
    out: dict[str, dict[str, Any]] = {}
    for row in frame.itertuples(index=False):
        where = str(row.evidence_from) if isinstance(row.evidence_from, str) else str(row.path)
        rows = evidence[evidence["path"].str.startswith(f"{where}.evidence[")]
        quotes = tuple(
            f"{q.source} ({q.origin}, {str(q.attribution).replace('_', ' ')}): {q.quote}"
            for q in rows.itertuples(index=False)
        )
        grade = row.grade if isinstance(row.grade, str) else "no_quote"
        out[str(row.path)] = {"grade": grade, "rationale": str(row.rationale), "quotes": quotes}
    return out


def _scores_from(result: Any) -> dict[str, float]:
    """Return each input's score from an Analysis, SobolIndices or MorrisScreening."""
    from models.uncertainty.sensitivity import MorrisScreening, SobolIndices

    if hasattr(result, "influential") and hasattr(result, "scenario"):
        # an Analysis: its own ranking by S_T (ties in its order)
        table = result.influential(10**9, by="ST")
        return dict(zip(table["input"], table["ST"].astype(float).clip(lower=0.0), strict=True))
    if isinstance(result, SobolIndices):
        st = np.nan_to_num(np.asarray(result.ST, dtype=float), nan=0.0)
        return dict(zip(result.names, st.max(axis=0).clip(min=0.0).tolist(), strict=True))
    if isinstance(result, MorrisScreening):
        mu = np.nan_to_num(np.asarray(result.mu_star, dtype=float), nan=0.0)
        top = mu.max(axis=1, keepdims=True)
        rel = np.divide(mu, top, out=np.zeros_like(mu), where=top > 0)
        return dict(zip(result.names, rel.max(axis=0).tolist(), strict=True))
    raise TypeError(
        "The 'ranking' parameter of explore must be an Analysis, SobolIndices, "
        f"MorrisScreening or None. Got {type(result).__name__} instead."
    )


def _scaled_changes(outputs: Mapping[str, Any]) -> np.ndarray:
    """Return the (n_rows - 1, n_outputs) changes from row 0, each scaled by its range."""
    cols = []
    for name, arr in outputs.items():
        if name.endswith(".outcome") or ".utility." in name:
            continue
        y = np.asarray(arr, dtype=float)
        nan = np.isnan(y)
        finite = y[~nan]
        span = float(np.ptp(finite)) if finite.size else 0.0
        diff = np.abs(y[1:] - y[0]) / span if span > 0 else np.zeros(y.size - 1)
        diff = np.where(nan[1:] != nan[0], 1.0, np.nan_to_num(diff, nan=0.0))
        cols.append(diff)
    return np.column_stack(cols) if cols else np.zeros((0, 0))


def screen(scenario: Scenario, core: Sequence[str] | None = None) -> dict[str, float]:
    """Score each uncertain input by a one-at-a-time screening of bargaining and forecasts.

    Parameters
    ----------
    scenario : positions.Scenario
    core : sequence of str, optional
        Parties whose bargaining is screened too (besides all parties).

    Returns
    -------
    dict of str to float
        Each uncertain input's path and its score in [0, 1] (see
        :mod:`models.analysis.explore`); inputs that move nothing score 0.

    Examples
    --------
    >>> import positions
    >>> scores = screen(positions.load("ukraine-ceasefire-2025-05"))
    >>> max(scores, key=scores.get)  # EUR's ceasefire red line blocks the four-party ZOPA
    'positions[EUR/ceasefire].acceptable.low'
    """
    from models.bargaining.montecarlo import BargainingModel
    from models.spatial.montecarlo import ForecastModel
    from models.uncertainty.inputs import uncertain

    scores: dict[str, float] = {}
    groups = [scenario]
    if core is not None and tuple(core) != tuple(a.id for a in scenario.parties):
        groups.append(scenario.with_parties(tuple(core)))
    for group in groups:
        if not group.issues or all(e.uncertainty.dist == "fixed"
                                   for e in group.estimates().values()):
            continue
        inputs = uncertain(group)
        names = inputs.names
        d = len(names)
        values = {x.name: np.full(2 * d + 1, x.value) for x in inputs.inputs}
        for i, x in enumerate(inputs.inputs):
            lo, hi = x.ppf([0.05, 0.95])
            values[x.name][1 + 2 * i] = lo
            values[x.name][2 + 2 * i] = hi
        outputs: dict[str, Any] = {}
        makers: list[Any] = [partial(BargainingModel, inputs,
                                     solutions=("nash", "kalai_smorodinsky"))]
        if group is scenario:
            makers.append(partial(ForecastModel, inputs))
        for k, make in enumerate(makers):
            try:
                outputs |= {f"{k}.{n}": v for n, v in make()(values).items()}
            except (ValueError, KeyError, IndexError):  # a model this scenario cannot feed
                continue
        changes = _scaled_changes(outputs)
        if changes.size == 0:
            continue
        per_input = changes.reshape(d, 2, -1).max(axis=1).mean(axis=1)
        for name, score in zip(names, per_input.tolist(), strict=True):
            scores[name] = max(scores.get(name, 0.0), float(score))
    return scores


def _slider_range(value: float, coded: tuple[float, float], hard: tuple[float, float],
                  span: str) -> tuple[float, float]:
    low, high = coded
    if span == "coded" and high > low:
        return low, high
    width = high - low if high > low else max(abs(value), 1.0)
    low = hard[0] if math.isfinite(hard[0]) else min(low, value) - width
    high = hard[1] if math.isfinite(hard[1]) else max(high, value) + width
    return low, high


def _nice_step(low: float, high: float) -> float:
    raw = (high - low) / 100.0
    if raw <= 0:
        return 0.01
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _core_parties(scenario: Scenario, ranking: Any) -> tuple[str, ...]:
    if ranking is not None and hasattr(ranking, "core_parties"):
        return tuple(ranking.core_parties)
    from models.analysis.coalitions import bargaining_coalitions

    if not scenario.issues:
        return tuple(a.id for a in scenario.parties)
    return bargaining_coalitions(scenario)[1]


@dataclass(frozen=True, eq=False)
class Explorer:
    """What-ifs on a scenario: the plain update functions behind :func:`explore`'s widget.

    Build it with :func:`explore`. In Jupyter it displays as the widget
    (:meth:`widget`).

    Attributes
    ----------
    scenario : positions.Scenario
        The scenario as coded.
    knobs : tuple of Knob
        The numbers the sliders move, most influential first.
    core_parties : tuple of str
        The parties of the core bargaining (as :func:`models.analyze` picks them at
        the coded values; kept fixed while the sliders move).
    outside_support : bool
        Whether values outside a number's coded range are accepted.
    seed : int
        The seed of the dynamic forecasts and of the Monte Carlo.
    baseline : WhatIfResult
        The results at the coded values.
    """

    scenario: Scenario
    knobs: tuple[Knob, ...]
    core_parties: tuple[str, ...]
    outside_support: bool
    seed: int
    baseline: WhatIfResult
    _mc_cache: dict[int, MonteCarloResult] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (f"Explorer({self.scenario.id!r}: {len(self.knobs)} sliders "
                f"({', '.join(k.label for k in self.knobs[:3])}...), core parties "
                f"{'+'.join(self.core_parties)})")

    def knob(self, path: str) -> Knob | None:
        """Return the knob of a path, or None when no slider moves it."""
        return next((k for k in self.knobs if k.path == path), None)

    def update(self, changes: Mapping[str, float]) -> WhatIfResult:
        """Re-run bargaining and forecasts with some judged numbers changed.

        Parameters
        ----------
        changes : mapping of str to float
            New values by path (any path of
            :meth:`positions.Scenario.estimates`, not only the sliders'); a
            value equal to the coded one is no change.

        Returns
        -------
        WhatIfResult
            The changed scenario, the bargaining among all and among the core
            parties, the forecasts, and the tables beside the baseline's.

        Raises
        ------
        KeyError
            If a path names no estimate (with the closest paths).
        positions.ScenarioError
            If a value is outside its kind's hard range (or outside its coded
            range when ``outside_support`` is False), or the changed scenario is
            invalid (an ideal point leaving its acceptable range...), with the path.

        Examples
        --------
        >>> import positions
        >>> ex = explore(positions.load("ukraine-ceasefire-2025-05"), n_sliders=2)
        >>> r = ex.update({"positions[EUR/ceasefire].acceptable.low": 40})
        >>> r.zopa_size("all"), ex.baseline.zopa_size("all")
        (22, 0)
        """
        return _run(self.scenario, dict(changes), self.core_parties, self.seed,
                    self.outside_support, self.baseline)

    def monte_carlo(self, changes: Mapping[str, float] | None = None, n_draws: int | None = None,
                    *, progress: bool = False) -> MonteCarloComparison:
        """Re-run the Monte Carlo with the moved distributions, beside the coded one.

        Parameters
        ----------
        changes : mapping of str to float, optional
            As in :meth:`update`.
        n_draws : int, optional
            Draws (default 2,000; 200 when ``STANCES_SMALL`` is set).
        progress : bool

        Returns
        -------
        MonteCarloComparison
            The key events' probabilities and the forecasts' means, at the coded
            values and with the changes (same seed, so the same uniforms).

        Raises
        ------
        ValueError
            If ``n_draws`` is not a positive int.
        """
        from models.analysis.analyze import small

        n = check_int(n_draws if n_draws is not None else (200 if small() else 2_000),
                      "n_draws", "Explorer.monte_carlo", low=1)
        changes = dict(changes or {})
        after_scenario = _changed(self.scenario, changes, self.outside_support)
        if n not in self._mc_cache:
            self._mc_cache[n] = _monte_carlo(self.scenario, self.core_parties, n, self.seed,
                                             progress)
        before = self._mc_cache[n]
        after = (before if after_scenario is self.scenario else
                 _monte_carlo(after_scenario, self.core_parties, n, self.seed, progress))
        return MonteCarloComparison(changes=changes, before=before, after=after,
                                    core_parties=self.core_parties)

    def widget(self) -> Any:
        """Return the ipywidgets box of sliders, tables and the Monte Carlo button.

        Returns
        -------
        ipywidgets.VBox

        Raises
        ------
        ImportError
            If ipywidgets (>= 8) is not installed (``pip install 'stances[notebooks]'``).
        """
        from models.analysis.explore_widget import build_widget

        return build_widget(self)

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a notebook front end
        import importlib

        importlib.import_module("IPython.display").display(self.widget())


def _changed(scenario: Scenario, changes: Mapping[str, float], outside: bool) -> Scenario:
    current = scenario.estimates()
    real = {p: v for p, v in changes.items() if p not in current or current[p].value != v}
    if not real:
        return scenario
    return scenario.with_estimates(real, outside_support=outside)


def _run(scenario: Scenario, changes: dict[str, float], core: tuple[str, ...], seed: int,
         outside: bool, baseline: WhatIfResult | None) -> WhatIfResult:
    from models.analysis.analyze import _Attempts, _forecast
    from models.bargaining.bargain import bargain

    start = time.perf_counter()
    changed = _changed(scenario, changes, outside)
    attempt = _Attempts(changed)
    everyone = tuple(a.id for a in changed.parties)
    all_result = core_result = None
    if changed.issues:
        all_result = attempt("bargaining", lambda: bargain(changed))
        core_result = (all_result if core == everyone else
                       attempt("bargaining (core)",
                               lambda: bargain(changed.with_parties(core))))
    fc = _forecast(changed, seed, attempt) if changed.issues else None
    return WhatIfResult(
        changes=changes, scenario=changed, core_parties=core, bargain_all=all_result,
        bargain_core=core_result, forecast=fc, skipped=dict(attempt.skipped),
        seconds=time.perf_counter() - start, baseline=baseline,
    )


def _monte_carlo(scenario: Scenario, core: tuple[str, ...], n: int, seed: int,
                 progress: bool) -> MonteCarloResult:
    """Run the analysis' Monte Carlo models and the forecasts over the core parties.

    With core parties that leave some out, the ZOPA among all parties comes from a
    run of its own over all their numbers (as :func:`models.analyze` does), added to
    the outputs as ``all.zopa``.
    """
    from models.analysis.analyze import _Attempts, _Combined, _monte_carlo_models
    from models.bargaining.montecarlo import BargainingModel
    from models.spatial.montecarlo import ForecastModel
    from models.uncertainty.inputs import uncertain
    from models.uncertainty.montecarlo import monte_carlo

    core_scenario = scenario.with_parties(core)
    inputs = uncertain(core_scenario)
    parts = _monte_carlo_models(inputs, seed, _Attempts(core_scenario))
    if core_scenario.issues:
        parts["forecast"] = ForecastModel(inputs)
    result = monte_carlo(_Combined(parts), inputs, n, rng=seed, progress=progress)
    if core == tuple(a.id for a in scenario.parties) or not scenario.issues:
        return result
    # All parties: a run of its own over all their numbers (as models.analyze does).
    everyone = uncertain(scenario)
    zopa = monte_carlo(_Combined({"all": BargainingModel(everyone, solutions=("nash",))}),
                       everyone, n, rng=seed, progress=progress)
    return replace(result, outputs={"all.zopa": zopa.outputs["all.zopa"], **result.outputs})


def explore(
    scenario: Scenario,
    *,
    ranking: Analysis | SobolIndices | MorrisScreening | None = None,
    n_sliders: int = 8,
    paths: Sequence[str] | None = None,
    span: Literal["hard", "coded"] = "hard",
    seed: int = 20250519,
) -> Explorer:
    """Return an explorer of what-ifs on a scenario: sliders for its most influential numbers.

    In Jupyter the result shows as a widget (ipywidgets >= 8): one slider per
    judged number, labelled by who, what and which number, with its evidence
    grade and quotes a click away; every change re-runs the bargaining and
    the forecasts (:meth:`Explorer.update`), and "Run Monte Carlo" re-runs the
    Monte Carlo with the moved distributions (:meth:`Explorer.monte_carlo`).

    Parameters
    ----------
    scenario : positions.Scenario
    ranking : Analysis, SobolIndices or MorrisScreening, optional
        Rank the numbers by this sensitivity result (an analysis' Sobol indices);
        default: a one-at-a-time screening (:func:`screen`). An analysis also
        fixes the core parties.
    n_sliders : int
        How many sliders (the most influential numbers first).
    paths : sequence of str, optional
        The numbers to put on sliders instead, by path (in this order).
    span : {'hard', 'coded'}
        Slider ranges: the kind's hard range (values outside the coded range are
        accepted, and recorded as such), or the coded range only.
    seed : int
        Seed of the dynamic forecasts and the Monte Carlo.

    Returns
    -------
    Explorer

    Raises
    ------
    KeyError
        If ``paths`` names no estimate.
    ValueError
        If ``n_sliders`` is not a positive int or ``span`` is unknown.
    TypeError
        If ``ranking`` is of another type.

    Examples
    --------
    >>> import positions
    >>> ex = explore(positions.load("ukraine-ceasefire-2025-05"), n_sliders=3)
    >>> [k.label for k in ex.knobs][:2]
    ['RUS · territory · acceptable low', 'RUS · ceasefire · acceptable high']
    """
    from positions.whatif import hard_range

    n_sliders = check_int(n_sliders, "n_sliders", "explore", low=1)
    if span not in ("hard", "coded"):
        raise ValueError(f"The 'span' parameter of explore must be 'hard' or 'coded'. "
                         f"Got {span!r} instead.")
    estimates = scenario.estimates()
    core = _core_parties(scenario, ranking)
    if paths is not None:
        for p in paths:
            hard_range(scenario, p)  # KeyError with the closest paths
        chosen = list(dict.fromkeys(paths))
        scores = {p: math.nan for p in chosen}
    else:
        scores = _scores_from(ranking) if ranking is not None else screen(scenario, core)
        known = [p for p in scores if p in estimates and estimates[p].uncertainty.dist != "fixed"]
        chosen = sorted(known, key=lambda p: -scores[p])[:n_sliders]
    prov = _provenance(scenario)
    knobs = []
    for p in chosen:
        est = estimates[p]
        coded = est.bounds()
        low, high = _slider_range(est.value, coded, hard_range(scenario, p), span)
        info = prov.get(p, {"grade": "no_quote", "rationale": est.rationale, "quotes": ()})
        knobs.append(Knob(
            path=p, label=knob_label(scenario, p), value=est.value, low=low, high=high,
            coded=coded, step=_nice_step(low, high), score=scores.get(p, math.nan),
            grade=info["grade"], rationale=info["rationale"], quotes=info["quotes"],
            assumptions=est.assumptions,
        ))
    outside = span == "hard"
    baseline = _run(scenario, {}, core, seed, outside, None)
    return Explorer(scenario=scenario, knobs=tuple(knobs), core_parties=core,
                    outside_support=outside, seed=seed, baseline=baseline)
