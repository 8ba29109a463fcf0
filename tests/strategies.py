"""Hypothesis strategies shared by the test suite (import as ``from strategies import ...``)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

__all__ = [
    "bargaining_problems",
    "game_tree_specs",
    "graph_model_specs",
    "identifiers",
    "integer_games",
    "minimal_scenario_dict",
    "numeric_distributions",
    "option_model_specs",
    "provenance_scenario_dicts",
    "random_bimatrix",
    "random_games",
    "random_scenario_dicts",
    "scenario_dicts",
    "smp_inputs",
    "smp_kernel_cases",
    "spatial_problems",
    "unit_probabilities",
    "utility_arrays",
    "war_costs",
]

identifiers = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,11}", fullmatch=True)
"""Valid ids for actors, issues, options and so on."""


# --------------------------------------------------------------------------- scenarios
def _estimate(draw: st.DrawFn, low: float, high: float) -> dict[str, object]:
    """A valid Estimate dict whose value and uncertainty stay within [low, high]."""
    value = draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
    kind = draw(st.sampled_from(["fixed", "uniform", "triangular", "beta", "truncnormal"]))
    if kind == "fixed":
        dist: dict[str, object] = {"dist": "fixed"}
    elif kind == "uniform":
        dist = {"dist": "uniform", "low": low, "high": high}
    elif kind == "triangular":
        dist = {"dist": "triangular", "low": low, "mode": value, "high": high}
    elif kind == "beta":
        dist = {
            "dist": "beta",
            "alpha": draw(st.floats(0.5, 20)),
            "beta": draw(st.floats(0.5, 20)),
            "low": low,
            "high": high,
        }
    else:
        dist = {
            "dist": "truncnormal",
            "mean": value,
            "sd": draw(st.floats(0.01, 10)),
            "low": low,
            "high": high,
        }
    return {"value": value, "uncertainty": dist, "rationale": draw(_words)}


_words = st.text(alphabet="abcdefghij KLMNOP.,", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)


@st.composite
def scenario_dicts(draw: st.DrawFn) -> dict[str, object]:
    """Raw data of a valid random scenario (actors, issues, positions, evidence, beliefs)."""
    text = draw(st.text(alphabet="abcdefgh \u201c\u201d\u2013.\n", min_size=20, max_size=200))
    text = text if text.strip() else "placeholder text"
    start = draw(st.integers(0, len(text) - 1))
    stop = draw(st.integers(start + 1, len(text)))
    quote = text[start:stop]
    evidence = [{"source": "src", "quote": quote, "origin": "org"}] if quote.strip() else []
    n_actors = draw(st.integers(1, 4))
    actor_ids = draw(st.lists(identifiers, min_size=n_actors, max_size=n_actors, unique=True))
    n_issues = draw(st.integers(1, 3))
    issue_ids = draw(st.lists(identifiers, min_size=n_issues, max_size=n_issues, unique=True))
    actors = [
        {"id": a, "name": f"Actor {a}", "kind": "state", "capability": _estimate(draw, 0.0, 5.0)}
        for a in actor_ids
    ]
    actors.append({"id": "observer", "name": "An analyst", "kind": "analyst", "party": False})
    issues = []
    for i in issue_ids:
        high = draw(st.sampled_from([1.0, 10.0, 100.0]))
        issues.append(
            {
                "id": i,
                "label": i.upper(),
                "description": f"Issue {i}",
                "scale": {
                    "low": 0.0,
                    "high": high,
                    "unit": "",
                    "anchors": [{"value": 0.0, "label": "none"}],
                },
                "options": [
                    {"id": "lo", "label": "Low", "value": 0.0},
                    {"id": "hi", "label": "High", "value": high},
                ],
                "status_quo": _estimate(draw, 0.0, high),
            }
        )
    positions = []
    no_positions = []
    for a in actor_ids:
        for issue in issues:
            if draw(st.booleans()) or not evidence:
                high = issue["scale"]["high"]  # type: ignore[index]
                ideal = _estimate(draw, 0.0, high)
                positions.append(
                    {
                        "actor": a,
                        "issue": issue["id"],
                        "kind": draw(st.sampled_from(["demand", "aim", "preference", "offer"])),
                        "basis": "stated" if evidence else "coded",
                        "ideal": ideal,
                        "acceptable": {
                            "low": {
                                "value": 0.0,
                                "uncertainty": {"dist": "fixed"},
                                "rationale": "open",
                            }
                        },
                        "salience": _estimate(draw, 0.0, 1.0),
                        "rationale": draw(_words),
                        "evidence": evidence,
                    }
                )
            else:
                no_positions.append({"actor": a, "issue": issue["id"], "reason": draw(_words)})
    return {
        "id": "generated",
        "title": "Generated scenario",
        "date": "2025-05-19",
        "origins": [{"id": "org", "name": "Origin", "kind": "news_agency"}],
        "sources": [{"id": "src", "text": text, "attributed_to": ["org"]}],
        "actors": actors,
        "issues": issues,
        "positions": positions,
        "no_positions": no_positions,
        "propositions": [{"id": "p", "text": "Something happens"}],
        "beliefs": [
            {
                "id": "b",
                "holder": "observer",
                "proposition": "p",
                "basis": "coded",
                "rationale": "r",
                "probability": _estimate(draw, 0.0, 1.0),
            }
        ],
    }


def minimal_scenario_dict() -> dict[str, object]:
    """A small valid scenario as raw data; tests break one thing at a time."""

    def est(value: float, rationale: str = "coded") -> dict[str, object]:
        return {"value": value, "uncertainty": {"dist": "fixed"}, "rationale": rationale}

    text = (
        "Putin feels \u201cstrong\u201d \u2013 and wants all four regions. "
        "Europe wants a ceasefire."
    )
    return {
        "id": "mini",
        "title": "Minimal",
        "date": "2025-05-19",
        "origins": [
            {"id": "bloomberg", "name": "Bloomberg", "kind": "news_agency"},
            {
                "id": "insiders",
                "name": "Kremlin insiders",
                "kind": "anonymous_source",
                "via": ["bloomberg"],
            },
        ],
        "sources": [
            {"id": "s1", "text": text, "attributed_to": ["bloomberg"]},
            {
                "id": "s2",
                "text": "Copy: Putin wants all four regions.",
                "attributed_to": ["bloomberg"],
            },
        ],
        "actors": [
            {"id": "RUS", "name": "Russia", "kind": "state", "capability": est(0.8)},
            {
                "id": "EUR",
                "name": "Europe",
                "kind": "coalition",
                "capability": est(0.5),
                "members": [{"name": "Emmanuel Macron", "country": "France"}],
            },
            {"id": "KOF", "name": "Michael Kofman", "kind": "analyst", "party": False},
        ],
        "issues": [
            {
                "id": "territory",
                "label": "Territory",
                "description": "Land conceded",
                "options": [
                    {"id": "none", "label": "None", "value": 0},
                    {"id": "four", "label": "Four regions", "value": 100},
                ],
                "status_quo": est(40),
            },
        ],
        "positions": [
            {
                "actor": "RUS",
                "issue": "territory",
                "kind": "demand",
                "basis": "stated",
                "ideal": est(100),
                "acceptable": {"low": est(80)},
                "salience": est(0.9),
                "option": "four",
                "rationale": "Stated demand.",
                "evidence": [
                    {"source": "s1", "quote": "wants all four regions", "origin": "insiders"},
                    {"source": "s2", "quote": "Putin wants all four regions", "origin": "insiders"},
                ],
            },
        ],
        "no_positions": [{"actor": "EUR", "issue": "territory", "reason": "Not reported."}],
        "options": [
            {
                "id": "RUS_offensive",
                "actor": "RUS",
                "label": "Continue the offensive",
                "basis": "coded",
                "status_quo": True,
            },
            {
                "id": "RUS_ceasefire",
                "actor": "RUS",
                "label": "Accept a ceasefire",
                "basis": "coded",
            },
        ],
        "infeasible": [{"statement": "RUS_offensive & RUS_ceasefire", "rationale": "exclusive"}],
        "preferences": [{"actor": "RUS", "statements": ["RUS_offensive"], "rationale": "r"}],
        "propositions": [
            {
                "id": "four_regions",
                "text": "Russia takes the four regions",
                "resolves_by": "2025-12-31",
            }
        ],
        "beliefs": [
            {
                "id": "putin",
                "holder": "RUS",
                "proposition": "four_regions",
                "basis": "stated",
                "probability": {
                    "value": 0.85,
                    "uncertainty": {"dist": "beta", "alpha": 8.5, "beta": 1.5},
                    "rationale": "convinced",
                },
                "rationale": "Putin is convinced.",
                "evidence": [
                    {"source": "s1", "quote": 'Putin feels "strong"', "origin": "insiders"}
                ],
            },
        ],
        "parameters": [
            {
                "id": "war_cost_RUS",
                "label": "Russia's war cost",
                "unit": "share",
                "value": est(0.1),
                "actor": "RUS",
            }
        ],
        "disagreement": [{"actor": "RUS", "utility": est(0.6)}],
    }


# ------------------------------------------------------------------ random whole scenarios
_CASE_TEXT = (
    "The parties met on Monday. Each side stated its demands. One side is ready to walk "
    "away. Observers expect a long dispute. A deal is possible but not certain."
)
_CASE_QUOTES = (
    "The parties met on Monday.",
    "Each side stated its demands.",
    "One side is ready to walk away.",
    "Observers expect a long dispute.",
    "A deal is possible but not certain.",
)
"""Quotes that occur verbatim in :data:`_CASE_TEXT`, the one source of
:func:`random_scenario_dicts`."""


_often = st.sampled_from([True, True, False])
"""True two times in three (hypothesis shrinks it to True)."""


def _judged(draw: st.DrawFn, low: float, high: float) -> dict[str, object]:
    """An Estimate dict within [low, high] (fixed when the interval is a point)."""
    if high - low < 1e-6:
        return {"value": low, "uncertainty": {"dist": "fixed"}, "rationale": "a point"}
    return _estimate(draw, low, high)


def _cited(draw: st.DrawFn) -> dict[str, object]:
    """``basis`` and ``evidence`` of an item: stated with quotes, or coded."""
    if draw(st.booleans()):
        quotes = draw(st.lists(st.sampled_from(_CASE_QUOTES), min_size=1, max_size=2,
                               unique=True))
        return {"basis": "stated",
                "evidence": [{"source": "src", "quote": q, "origin": "org"} for q in quotes]}
    return {"basis": "coded"}


def _random_issue(draw: st.DrawFn, issue_id: str) -> dict[str, object]:
    """A numeric issue on a random scale, with named options or without."""
    low = draw(st.sampled_from([0.0, -10.0, 1.0]))
    high = low + draw(st.sampled_from([1.0, 10.0, 20.0, 100.0]))
    issue: dict[str, object] = {
        "id": issue_id,
        "label": f"Issue {issue_id}",
        "description": f"What is agreed on {issue_id}",
        "scale": {"low": low, "high": high, "unit": draw(st.sampled_from(["", "%", "km"])),
                  "anchors": [{"value": low, "label": "Least"},
                              {"value": high, "label": "Most"}]},
        "status_quo": _judged(draw, low, high),
    }
    if draw(st.booleans()):
        n = draw(st.integers(2, 4))
        fractions = sorted(draw(st.lists(st.sampled_from([0, 0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 1]),
                                         min_size=n, max_size=n, unique=True)))
        issue["options"] = [
            {"id": f"{issue_id}_o{k}", "label": f"Option {k}", "value": low + f * (high - low)}
            for k, f in enumerate(fractions)
        ]
    return issue


def _random_position(draw: st.DrawFn, party: str, issue: dict[str, Any]) -> dict[str, object]:
    """A valid position of ``party`` on ``issue``: ideal, maybe a range, a salience."""
    low, high = issue["scale"]["low"], issue["scale"]["high"]
    position: dict[str, Any] = {"actor": party, "issue": issue["id"],
                                "salience": _judged(draw, 0.0, 1.0), "rationale": draw(_words)}
    named = issue.get("options", [])
    if named and draw(st.booleans()):
        option = draw(st.sampled_from(named))
        position["option"] = option["id"]
        position["ideal"] = _judged(draw, option["value"], option["value"])
    else:
        position["ideal"] = _judged(draw, low, high)
    ideal = position["ideal"]["value"]
    bounds = draw(st.sampled_from(["none", "low", "high", "both"]))
    acceptable: dict[str, object] = {}
    if bounds in ("low", "both"):
        acceptable["low"] = _judged(draw, low, ideal)
        acceptable["low"]["value"] = min(acceptable["low"]["value"], ideal)  # type: ignore[index]
    if bounds in ("high", "both"):
        acceptable["high"] = _judged(draw, ideal, high)
    if acceptable:
        position["acceptable"] = acceptable
        kinds = ["red_line", "demand", "condition", "offer"]
    else:
        kinds = ["aim", "preference", "demand"]
    position["kind"] = draw(st.sampled_from(kinds))
    return position | _cited(draw)


def _random_options(draw: st.DrawFn, actors: list[str]) -> list[dict[str, object]]:
    """Zero to two options per actor, some taken in the status quo."""
    options = []
    for actor in actors:
        for k in range(draw(st.integers(0, 2))):
            options.append({
                "id": f"{actor}_opt{k}", "actor": actor, "label": f"Option {k} of {actor}",
                "kind": draw(st.sampled_from(["action", "threat", "promise", "concession",
                                              "inaction"])),
                "status_quo": draw(st.booleans()), "reversible": draw(st.booleans()),
            } | _cited(draw))
    return options


def _statement(draw: st.DrawFn, option_ids: list[str]) -> str:
    """A statement over options: ``a``, ``-a``, ``a & -b``, ``a | b`` or ``a IF b``."""
    a, b = draw(st.sampled_from(option_ids)), draw(st.sampled_from(option_ids))
    neg = draw(st.sampled_from(["", "-"]))
    return draw(st.sampled_from([f"{neg}{a}", f"{a} & {neg}{b}", f"{a} | {b}", f"{a} IF {b}"]))


def _parameter(pid: str, estimate: dict[str, object], actor: str | None = None,
               unit: str = "share of the stakes") -> dict[str, object]:
    """A parameter dict."""
    parameter: dict[str, object] = {"id": pid, "label": f"Parameter {pid}", "unit": unit,
                                    "value": estimate}
    if actor is not None:
        parameter["actor"] = actor
    return parameter


def _belief(draw: st.DrawFn, bid: str, holder: str, proposition: str) -> dict[str, object]:
    """A belief dict about ``proposition``."""
    return {"id": bid, "holder": holder, "proposition": proposition,
            "probability": _judged(draw, 0.0, 1.0), "rationale": draw(_words)} | _cited(draw)


def _war_and_threat(draw: st.DrawFn, data: dict[str, Any], actors: list[str]) -> dict[str, Any]:
    """Add the ingredients of a war role (and maybe a threat role); return the roles part."""
    side_a, side_b = draw(st.lists(st.sampled_from(actors), min_size=2, max_size=2, unique=True))
    observers = [a["id"] for a in data["actors"] if not a.get("party", True)]
    view = draw(st.sampled_from([None, *observers])) if observers else None
    data["propositions"].append({"id": "war_p", "text": f"{side_a} prevails over {side_b}"})
    for holder in {side_a, view or side_b}:
        data["beliefs"].append(_belief(draw, f"war_belief_{holder}", holder, "war_p"))
    data["parameters"] += [_parameter("war_cost_a", _judged(draw, 0.0, 1.0), side_a),
                           _parameter("war_cost_b", _judged(draw, 0.0, 1.0), side_b)]
    war: dict[str, Any] = {"id": "war", "side_a": side_a, "side_b": side_b,
                           "proposition": "war_p", "cost_a": "war_cost_a", "cost_b": "war_cost_b"}
    if view is not None:
        war["side_b_view"] = view
    if draw(st.booleans()):
        data["parameters"].append(_parameter("war_months", _judged(draw, 1.0, 12.0),
                                             unit="months"))
        war["months"] = "war_months"
    if draw(st.booleans()):
        data["parameters"].append(_parameter("war_common_p", _judged(draw, 0.0, 1.0)))
        war["common_p"] = "war_common_p"
    if draw(st.booleans()):
        war["label"] = f"{side_a} against {side_b}"
    roles: dict[str, Any] = {"wars": [war]}
    if draw(_often):
        threatener = draw(st.sampled_from([a for a in actors if a != side_a]))
        for oid, actor in (("threat_demand", side_a), ("threat_act", threatener)):
            data["options"].append({"id": oid, "actor": actor, "label": f"{oid} of {actor}",
                                    "kind": "threat" if actor == threatener else "concession",
                                    "basis": "coded"})
        data["parameters"] += [
            _parameter("threat_cost_threatener", _judged(draw, 0.0, 1.0), threatener),
            _parameter("threat_cost_target", _judged(draw, 0.0, 1.0), side_a)]
        threat: dict[str, Any] = {
            "id": "threat", "threatener": threatener, "target": side_a,
            "demand": "threat_demand", "threat": "threat_act", "war": "war",
            "threatener_cost": "threat_cost_threatener", "target_cost": "threat_cost_target"}
        if draw(st.booleans()):
            data["parameters"].append(_parameter("threat_audience", _judged(draw, 0.0, 0.5)))
            threat["audience_cost"] = "threat_audience"
        if draw(st.booleans()):
            data["parameters"] += [_parameter("discount_t", _judged(draw, 0.5, 1.0), threatener),
                                   _parameter("discount_s", _judged(draw, 0.5, 1.0), side_a)]
            threat |= {"threatener_discount": "discount_t", "target_discount": "discount_s"}
        if draw(st.booleans()):
            threat["stakes_issue"] = draw(st.sampled_from([i["id"] for i in data["issues"]]))
        roles["threats"] = [threat]
    return roles


def _random_roles(draw: st.DrawFn, data: dict[str, Any], parties: list[str]) -> dict[str, Any]:
    """A roles section: maybe veto parties, coalitions, resolutions, a war and a threat."""
    roles: dict[str, Any] = {}
    veto = None
    if draw(st.booleans()):
        veto = draw(st.lists(st.sampled_from(parties), min_size=1, max_size=len(parties),
                             unique=True))
        roles["veto"] = veto
    if len(parties) > 2 and draw(st.booleans()):
        others = [p for p in parties if p not in (veto or parties)]
        extra = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
        members = list(veto or parties) + extra
        if len(members) >= 2:
            roles["coalitions"] = [{"id": "coalition", "parties": members,
                                    "rationale": draw(_words)}]
    numeric = [i["id"] for i in data["issues"]]
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(numeric), min_size=1, unique=True))
        roles["resolution"] = [{"issue": i, "points": draw(st.integers(2, 11))} for i in chosen]
    actors = [a["id"] for a in data["actors"]]
    if draw(_often):
        roles |= _war_and_threat(draw, data, actors)
    return roles


@st.composite
def random_scenario_dicts(draw: st.DrawFn, *, max_parties: int = 6,
                          max_issues: int = 5) -> dict[str, Any]:
    """Raw data of a random valid scenario of any shape the schema allows.

    2 to ``max_parties`` parties (plus up to two observers), 1 to ``max_issues`` issues
    on numeric scales of different ranges, with and without named options; a position
    (with or without an acceptable range) or a no-position statement for every party and
    issue; sometimes options with preferences and infeasible combinations, propositions
    and beliefs, parameters, disagreement points, and a ``roles`` section (veto parties,
    a coalition, resolutions, and a war role with a threat role when their ingredients
    are added). One source whose text holds every quote used.
    """
    n_parties = draw(st.integers(2, max_parties))
    parties = [f"P{k}" for k in range(1, n_parties + 1)]
    observers = [f"OBS{k}" for k in range(1, draw(st.integers(0, 2)) + 1)]
    actors: list[dict[str, Any]] = [
        {"id": p, "name": f"Party {p}", "kind": draw(st.sampled_from(["state", "organisation",
                                                                     "institution"])),
         "capability": _judged(draw, 0.0, 5.0)}
        for p in parties
    ]
    actors += [{"id": o, "name": f"Observer {o}", "kind": "analyst", "party": False}
               for o in observers]
    issues = [_random_issue(draw, f"i{k}") for k in range(1, draw(st.integers(1, max_issues)) + 1)]
    positions, no_positions = [], []
    for party in parties:
        for issue in issues:
            if draw(st.integers(0, 5)) == 0:
                no_positions.append({"actor": party, "issue": issue["id"],
                                     "reason": draw(_words)})
            else:
                positions.append(_random_position(draw, party, issue))
    data: dict[str, Any] = {
        "id": "random", "title": "A random scenario", "date": "2025-05-19",
        "origins": [{"id": "org", "name": "An outlet", "kind": "outlet"}],
        "sources": [{"id": "src", "text": _CASE_TEXT, "attributed_to": ["org"]}],
        "actors": actors, "issues": issues, "positions": positions,
        "no_positions": no_positions, "options": [], "propositions": [], "beliefs": [],
        "parameters": [],
    }
    all_actors = parties + observers
    if draw(st.booleans()):
        data["options"] = _random_options(draw, parties)
    option_ids = [o["id"] for o in data["options"]]
    if option_ids and draw(st.booleans()):
        data["preferences"] = [
            {"actor": p,
             "statements": [_statement(draw, option_ids) for _ in range(draw(st.integers(1, 3)))],
             "rationale": draw(_words)}
            for p in parties if draw(st.booleans())
        ]
    if len(option_ids) >= 2 and draw(st.booleans()):
        a, b = option_ids[:2]
        data["infeasible"] = [{"statement": f"{a} & {b}", "rationale": draw(_words)}]
    if draw(st.booleans()):
        data["propositions"].append({"id": "p1", "text": "Something happens"})
        holders = draw(st.lists(st.sampled_from(all_actors), min_size=1, unique=True))
        data["beliefs"] = [_belief(draw, f"b_{h}", h, "p1") for h in holders]
    if draw(st.booleans()):
        data["parameters"].append(_parameter("x1", _judged(draw, 0.0, 2.0),
                                             draw(st.sampled_from([None, *all_actors]))))
    if draw(st.booleans()):
        data["disagreement"] = [{"actor": p, "utility": _judged(draw, 0.0, 1.0)}
                                for p in parties if draw(st.booleans())]
    if draw(_often):
        data["roles"] = _random_roles(draw, data, parties)
    return data


# ------------------------------------------------------------------ war and game trees
unit_probabilities = st.floats(0.0, 1.0, allow_nan=False)
"""A probability in [0, 1] (a win probability in Fearon's model)."""

war_costs = st.floats(0.0, 2.0, allow_nan=False)
"""A cost of war as a share of the stakes (it may exceed the stakes)."""


@st.composite
def game_tree_specs(
    draw: st.DrawFn, *, max_depth: int = 3, chance: bool = True
) -> tuple[tuple[str, ...], dict[str, tuple[object, ...]], str]:
    """A random finite game of perfect information as plain data.

    Returns ``(players, nodes, root)`` where each node is ``("decision", player,
    {action: child})``, ``("chance", {action: child}, {action: probability})``
    or ``("terminal", {player: payoff})``; build it with ``models.games.GameTree``.
    Payoffs are small integers, so ties occur.
    """
    players = ("A", "B", "C")[: draw(st.integers(1, 3))]
    nodes: dict[str, tuple[object, ...]] = {}
    counter = iter(range(10_000))

    def build(depth: int) -> str:
        node_id = f"n{next(counter)}"
        kinds = ["terminal"] if depth >= max_depth else ["terminal", "decision", "decision"]
        if chance and depth < max_depth:
            kinds.append("chance")
        kind = draw(st.sampled_from(kinds)) if depth else draw(
            st.sampled_from(kinds[1:] or kinds)
        )
        if kind == "terminal":
            nodes[node_id] = (
                "terminal", {p: draw(st.integers(-3, 3)) for p in players}
            )
            return node_id
        n_actions = draw(st.integers(1, 3))
        children = {f"a{k}": build(depth + 1) for k in range(n_actions)}
        if kind == "decision":
            nodes[node_id] = ("decision", draw(st.sampled_from(players)), children)
        else:
            weights = [draw(st.integers(1, 4)) for _ in children]
            probs = {a: w / sum(weights) for a, w in zip(children, weights, strict=True)}
            nodes[node_id] = ("chance", children, probs)
        return node_id

    root = build(0)
    return players, nodes, root


# ------------------------------------------------------------ outcome spaces and utilities
@st.composite
def spatial_problems(
    draw: st.DrawFn, *, max_issues: int = 4, max_actors: int = 4, max_samples: int = 4
) -> dict[str, object]:
    """A small spatial bargaining problem as numpy arrays.

    Returns a dict with ``levels`` (list of sorted value arrays, one per issue),
    ``low`` and ``high`` (scale ends), ``ideals`` and ``saliences`` (shape
    (n_samples, n_actors, n_issues)) and ``acceptable_low``/``acceptable_high``
    (same shape, each range within the scale). Values sit on a coarse lattice,
    so ideal points often coincide with levels and ties occur.
    """
    import numpy as np

    n_issues = draw(st.integers(1, max_issues))
    n_actors = draw(st.integers(1, max_actors))
    n_samples = draw(st.integers(1, max_samples))
    high = np.array([draw(st.sampled_from([1.0, 10.0, 100.0])) for _ in range(n_issues)])
    low = np.zeros(n_issues)
    levels = []
    for k in range(n_issues):
        steps = draw(st.lists(st.integers(0, 10), min_size=1, max_size=4, unique=True))
        levels.append(np.sort(np.array(steps, dtype=float)) * high[k] / 10)
    lattice = st.integers(0, 10)
    shape = (n_samples, n_actors, n_issues)

    def on_scale() -> object:
        grid = np.array(draw(st.lists(lattice, min_size=int(np.prod(shape)),
                                      max_size=int(np.prod(shape)))), dtype=float)
        return grid.reshape(shape) * high / 10

    ideals = on_scale()
    saliences = np.array(
        draw(st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=int(np.prod(shape)),
                      max_size=int(np.prod(shape))))
    ).reshape(shape)
    ends = np.sort(np.stack([on_scale(), on_scale()]), axis=0)
    return {
        "levels": levels,
        "low": low,
        "high": high,
        "ideals": ideals,
        "saliences": saliences,
        "acceptable_low": ends[0],
        "acceptable_high": ends[1],
    }


# ------------------------------------------------------------ KTAB spatial model of politics
@st.composite
def smp_inputs(
    draw: st.DrawFn, *, max_actors: int = 6, max_dims: int = 3
) -> tuple[object, object, object]:
    """Generic inputs of ``models.spatial.smp``: (positions, salience, capability).

    Positions on 0-100, saliences in [0.05, 0.3] per dimension (row sums at
    most 0.9), capabilities in [10, 200], all values distinct, so that exact
    ties (which KTAB breaks by actor order) are unlikely.
    """
    import numpy as np

    n = draw(st.integers(3, max_actors))
    d = draw(st.integers(1, max_dims))

    def values(low: float, high: float, count: int) -> object:
        return np.array(draw(st.lists(st.floats(low, high, allow_nan=False),
                                      min_size=count, max_size=count, unique=True)))

    positions = values(0.0, 100.0, n * d).reshape(n, d)
    salience = values(0.05, 0.3, n * d).reshape(n, d)
    capability = values(10.0, 200.0, n)
    return positions, salience, capability


@st.composite
def smp_kernel_cases(
    draw: st.DrawFn, *, max_runs: int = 2, max_actors: int = 6
) -> dict[str, object]:
    """Arrays for the kernels of ``models.spatial._smp_core``, with many exact ties.

    Returns a dict: ``dist`` (n_runs, n, n) in [0, 1] with a zero diagonal,
    ``risk_est`` (n_runs, n, n) in [-1, 1], weights ``w``, total saliences
    ``s`` and capabilities ``cap`` (n_runs, n), and a round of bargains:
    ``brg_init`` (n_b,), ``brg_rcvr`` (n_runs, n_b) (never the initiator),
    ``brg_ok`` (n_runs, n_b), voter utilities ``u_pi``, ``u_pr`` (n_runs, n, n_b)
    and draws (n_runs, n) on [0, 1). Values come from a coarse grid half the
    time, so equal utilities, zero votes and tied probabilities are common.
    """
    import numpy as np

    b_n = draw(st.integers(1, max_runs))
    n = draw(st.integers(2, max_actors))
    per = draw(st.sampled_from([1, 2]))
    coarse = draw(st.booleans())

    def values(low: float, high: float, shape: tuple[int, ...]) -> object:
        count = int(np.prod(shape))
        grid = st.sampled_from(list(np.linspace(low, high, 5)))
        fine = st.floats(low, high, allow_nan=False)
        return np.array(draw(st.lists(grid if coarse else fine, min_size=count,
                                      max_size=count))).reshape(shape)

    dist = values(0.0, 1.0, (b_n, n, n))
    dist[:, np.arange(n), np.arange(n)] = 0.0
    n_b = n * per
    brg_init = np.repeat(np.arange(n), per)
    shift = np.array(draw(st.lists(st.integers(1, n - 1), min_size=b_n * n_b,
                                   max_size=b_n * n_b))).reshape(b_n, n_b)
    return {
        "dist": dist,
        "risk_est": values(-1.0, 1.0, (b_n, n, n)),
        "w": values(0.1, 2.0, (b_n, n)),
        "s": values(0.1, 1.0, (b_n, n)),
        "cap": values(1.0, 200.0, (b_n, n)),
        "brg_init": brg_init,
        "brg_rcvr": (brg_init + shift) % n,
        "brg_ok": np.array(draw(st.lists(st.booleans(), min_size=b_n * n_b,
                                         max_size=b_n * n_b))).reshape(b_n, n_b),
        "u_pi": values(0.0, 1.0, (b_n, n, n_b)),
        "u_pr": values(0.0, 1.0, (b_n, n, n_b)),
        "draws": values(0.0, 0.999, (b_n, n)),
    }


# ------------------------------------------------------------ graph model (GMCR)
@st.composite
def graph_model_specs(
    draw: st.DrawFn, *, max_states: int = 7, max_dms: int = 3
) -> dict[str, object]:
    """A random graph model in state form: the arguments of ``GraphModel.from_states``.

    Returns ``{"n_states", "moves", "payoffs"}`` with 2 to ``max_dms`` decision
    makers ``D0, D1, ...``, each with a random set of moves (no self-loops,
    possibly none) and small integer payoffs (ties occur).
    """
    n = draw(st.integers(2, max_states))
    dms = [f"D{k}" for k in range(draw(st.integers(2, max_dms)))]
    pairs = [(a, b) for a in range(1, n + 1) for b in range(1, n + 1) if a != b]
    moves = {d: draw(st.lists(st.sampled_from(pairs), max_size=2 * n, unique=True)) for d in dms}
    payoffs = {d: draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)) for d in dms}
    return {"n_states": n, "moves": moves, "payoffs": payoffs}


@st.composite
def option_model_specs(draw: st.DrawFn, *, max_dms: int = 3) -> dict[str, object]:
    """A random graph model in option form: the arguments of ``GraphModel.from_options``.

    Returns ``{"decision_makers", "options", "infeasible", "irreversible",
    "preferences"}``: 2 to ``max_dms`` decision makers with one or two options
    each, at most one infeasible pair, random irreversible directions and one to
    three preference statements per decision maker built from literals joined by
    ``&``, ``|``, ``IF`` or ``IFF``.
    """
    dms = [f"D{k}" for k in range(draw(st.integers(2, max_dms)))]
    options = {d: [f"{d}o{j}" for j in range(draw(st.integers(1, 2)))] for d in dms}
    every = [o for d in dms for o in options[d]]
    literal = st.builds(lambda neg, o: ("-" if neg else "") + o, st.booleans(),
                        st.sampled_from(every))
    statement = st.one_of(
        literal,
        st.builds(lambda a, op, b: f"{a} {op} {b}", literal,
                  st.sampled_from(["&", "|", "IF", "IFF"]), literal),
    )
    infeasible = []
    if draw(st.booleans()) and len(every) >= 3:
        a, b = draw(st.lists(st.sampled_from(every), min_size=2, max_size=2, unique=True))
        infeasible.append(f"{a} & {b}")
    irreversible = {
        o: draw(st.sampled_from(["forward", "backward"]))
        for o in every
        if draw(st.integers(0, 3)) == 0
    }
    preferences = {d: draw(st.lists(statement, min_size=1, max_size=3)) for d in dms}
    return {
        "decision_makers": dms,
        "options": options,
        "infeasible": infeasible,
        "irreversible": irreversible,
        "preferences": preferences,
    }


# --------------------------------------------------------------------------- expected utility model
@st.composite
def eum_games(
    draw: st.DrawFn, *, min_actors: int = 2, max_actors: int = 6
) -> tuple[list[float], list[float], list[float]]:
    """Inputs of ``models.spatial.eum`` on the 0-100 scale: ``(positions, salience, capability)``.

    Positions are whole numbers (so actors may share one), saliences lie in
    [0.05, 1] and capabilities in [0.1, 10].
    """
    n = draw(st.integers(min_actors, max_actors))
    positions = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    salience = draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n))
    capability = draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n))
    return [float(p) for p in positions], salience, capability


# --------------------------------------------------------------------------- normal-form games
@st.composite
def random_bimatrix(draw: st.DrawFn, *, max_size: int = 5) -> tuple[object, object]:
    """Payoff matrices ``(A, B)`` of an m x n game, 1 <= m, n <= ``max_size``.

    Entries are i.i.d. uniform on [-10, 10] from a drawn seed, so the game is
    nondegenerate with probability one (hypothesis's own floats repeat values
    and would make it degenerate).
    """
    import numpy as np

    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.uniform(-10.0, 10.0, (m, n)), rng.uniform(-10.0, 10.0, (m, n))


@st.composite
def random_games(
    draw: st.DrawFn, *, min_players: int = 2, max_players: int = 4, max_size: int = 3
) -> object:
    """Payoffs of shape (n_players, m_1, ..., m_N) with i.i.d. uniform entries (generic)."""
    import numpy as np

    n = draw(st.integers(min_players, max_players))
    shape = tuple(draw(st.integers(1, max_size)) for _ in range(n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.uniform(-10.0, 10.0, (n, *shape))


@st.composite
def integer_games(
    draw: st.DrawFn, *, min_players: int = 2, max_players: int = 2, max_size: int = 4,
    max_payoff: int = 3,
) -> object:
    """Payoffs of shape (n_players, m_1, ..., m_N) with small integer entries.

    Ties are frequent, so these games are often degenerate.
    """
    import numpy as np

    n = draw(st.integers(min_players, max_players))
    shape = tuple(draw(st.integers(1, max_size)) for _ in range(n))
    size = n * int(np.prod(shape))
    values = draw(st.lists(st.integers(0, max_payoff), min_size=size, max_size=size))
    return np.asarray(values, dtype=float).reshape((n, *shape))


@st.composite
def near_tie_games(
    draw: st.DrawFn, *, min_players: int = 2, max_players: int = 4, max_size: int = 20,
    max_profiles: int = 2_000,
) -> object:
    """Payoffs of shape (n_players, m_1, ..., m_N) full of exact ties and near-ties.

    Entries are tenths ``k / 10`` (k in 0..5), some computed as sums of tenths
    (``0.1 + 0.2 != 0.3`` in floating point: near-ties from rounding), some
    moved by one or two units in the last place, and some by ``1e-9`` of the
    payoff range (inside :attr:`NormalFormGame.regret_tol`, so they are noted).
    Shapes reach ``max_size`` strategies along an axis with at most
    ``max_profiles`` pure profiles, so long and short axes both occur.
    """
    import numpy as np

    n = draw(st.integers(min_players, max_players))
    shape: list[int] = []
    for _ in range(n):
        room = max_profiles // max(1, int(np.prod(shape)))
        shape.append(draw(st.integers(1, max(1, min(max_size, room // 2 ** (n - len(shape) - 1))))))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    size = (n, *shape)
    k = rng.integers(0, 6, size)
    u = k / 10.0
    summed = rng.random(size) < 0.3  # k/10 as a sum of k tenths: rounding differs
    u = np.where(summed, np.cumsum(np.full((6,), 0.1))[np.maximum(k - 1, 0)] * (k > 0), u)
    ulps = rng.integers(-2, 3, size) * (rng.random(size) < 0.2)
    u = u + ulps * np.spacing(np.maximum(np.abs(u), 0.1))
    nudge = rng.random(size) < 0.1
    return np.where(nudge, u + 5e-10 * rng.choice([-1.0, 1.0], size), u)


# ------------------------------------------------------------------ uncertainty (issue 6)
@st.composite
def numeric_distributions(draw: st.DrawFn) -> object:
    """A random numeric distribution specification of :mod:`positions.uncertainty`."""
    import positions

    kind = draw(st.sampled_from(
        ["uniform", "triangular", "truncnormal", "beta", "lognormal", "discrete", "empirical"]
    ))
    low = draw(st.floats(-50, 50, allow_nan=False))
    width = draw(st.floats(0.1, 100, allow_nan=False))
    if kind == "uniform":
        return positions.Uniform(low=low, high=low + width)
    if kind == "triangular":
        mode = low + width * draw(st.floats(0, 1))
        return positions.Triangular(low=low, mode=mode, high=low + width)
    if kind == "truncnormal":
        return positions.TruncNormal(mean=low + width / 2, sd=draw(st.floats(0.05, 50)),
                                     low=low, high=low + width)
    if kind == "beta":
        return positions.Beta(alpha=draw(st.floats(0.3, 20)), beta=draw(st.floats(0.3, 20)),
                              low=low, high=low + width)
    if kind == "lognormal":
        return positions.LogNormal(median=draw(st.floats(0.01, 100)),
                                   sigma=draw(st.floats(0.01, 2)))
    values = draw(st.lists(st.floats(-100, 100, allow_nan=False), min_size=1, max_size=6))
    if kind == "empirical":
        return positions.Empirical(samples=tuple(values))
    weights = draw(st.lists(st.floats(0.01, 5), min_size=len(values), max_size=len(values)))
    return positions.Discrete(values=tuple(values), weights=tuple(weights))


# ------------------------------------------------------------------ bargaining (issue 3)
@st.composite
def utility_arrays(
    draw: st.DrawFn,
    min_outcomes: int = 1,
    max_outcomes: int = 40,
    min_actors: int = 1,
    max_actors: int = 5,
    max_value: int = 4,
) -> object:
    """Small-integer utilities of shape (n_outcomes, n_actors): many ties and exact duplicates."""
    import numpy as np

    n = draw(st.integers(min_outcomes, max_outcomes))
    k = draw(st.integers(min_actors, max_actors))
    values = draw(st.lists(st.integers(0, max_value), min_size=n * k, max_size=n * k))
    return np.asarray(values, dtype=float).reshape(n, k)


@st.composite
def bargaining_problems(
    draw: st.DrawFn,
    min_actors: int = 1,
    max_actors: int = 4,
    max_outcomes: int = 30,
    max_value: int = 6,
) -> tuple[object, object]:
    """A pair (U, d) of small-integer utilities and a disagreement point below some outcome."""
    import numpy as np

    U = draw(utility_arrays(1, max_outcomes, min_actors, max_actors, max_value))
    row = U[draw(st.integers(0, U.shape[0] - 1))]
    drop = draw(st.lists(st.integers(0, 3), min_size=U.shape[1], max_size=U.shape[1]))
    return U, row - np.asarray(drop, dtype=float)


# --------------------------------------------------------------------------- provenance
@st.composite
def provenance_scenario_dicts(draw: st.DrawFn) -> dict[str, object]:
    """A valid random scenario that also uses assumptions, fact kinds and a default origin.

    Built on :func:`scenario_dicts`: the source may name ``default_origin``, and evidence
    quoting it then leaves out ``origin`` at random; estimates get assumptions; when there
    is a quote, one disputed fact (with a kind or none) and one undisputed fact are added.
    """
    import copy

    data: dict[str, Any] = copy.deepcopy(draw(scenario_dicts()))
    with_default = draw(st.booleans())
    if with_default:
        data["sources"][0]["default_origin"] = "org"

    def quotes(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for ev in items:
            ev = dict(ev)
            if with_default and draw(st.booleans()):
                ev.pop("origin", None)
            out.append(ev)
        return out

    premises = st.lists(_words, max_size=3, unique_by=str.strip)
    for position in data["positions"]:
        position["evidence"] = quotes(position["evidence"])
        for name in ("ideal", "salience"):
            position[name]["assumptions"] = draw(premises)
    for actor in data["actors"]:
        if "capability" in actor:
            actor["capability"]["assumptions"] = draw(premises)
    for belief in data["beliefs"]:
        belief["probability"]["assumptions"] = draw(premises)

    base = next((p["evidence"] for p in data["positions"] if p["evidence"]), [])
    if base:
        kind = draw(st.sampled_from([None, "contradiction", "framing", "detail"]))
        claims = [{"statement": draw(_words), "evidence": quotes(base)} for _ in range(2)]
        disputed = {"id": "disputed", "topic": "A disputed fact", "claims": claims}
        if kind is not None:
            disputed["kind"] = kind
        single = {"id": "single", "topic": "An undisputed fact", "claims": claims[:1]}
        data["facts"] = [disputed, single]
    return data


@st.composite
def extreme_bimatrix(draw: st.DrawFn, *, max_size: int = 6) -> tuple[object, object]:
    """Nondegenerate games whose payoffs are hard on a solver's numerics.

    One of: payoffs shifted by a huge constant (an equivalent game); rows or
    columns rescaled over four orders of magnitude; a near-constant game
    (``c + 1e-6 R``, whose blocks are nearly rank one); an identity plus a
    small perturbation (equilibria with large supports); the support-enumeration
    counter-example of issue 14 (``A = [I; -1000]``) with random perturbations.
    Entries come from a drawn seed, so ties have probability zero.
    """
    import numpy as np

    kind = draw(st.sampled_from(["shift", "scale", "flat", "identity", "tall_bottom"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    m = draw(st.integers(2, max_size))
    n = draw(st.integers(2, max_size))
    A, B = rng.uniform(-1.0, 1.0, (m, n)), rng.uniform(-1.0, 1.0, (m, n))
    if kind == "shift":
        A, B = A + rng.choice([-1e6, 1e6]), B + rng.choice([-1e6, 1e6])
    elif kind == "scale":
        A = A * 10.0 ** rng.uniform(-2, 2, (m, 1))
        B = B * 10.0 ** rng.uniform(-2, 2, (1, n))
    elif kind == "flat":
        A, B = 5.0 + 1e-6 * A, -3.0 + 1e-6 * B
    elif kind == "identity":
        k = min(m, n)
        A, B = np.eye(m, n) + 0.01 * A, np.eye(m, n) + 0.01 * B
        A, B = A[:k, :k], B[:k, :k]
    else:
        top_a = np.eye(n) + 1e-3 * rng.uniform(-1.0, 1.0, (n, n))
        top_b = np.eye(n) + 1e-3 * rng.uniform(-1.0, 1.0, (n, n))
        A = np.vstack([top_a, -1000.0 * np.ones((1, n))])
        B = np.vstack([top_b, np.sort(rng.uniform(0.0, 0.1, (1, n)))])
    return A, B
