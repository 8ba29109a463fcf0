"""Fuzzing sweep specs: hypothesis mutations of valid specs give a spec or one error type.

Each example takes a valid spec (a model of free inputs without a scenario,
or the threat model on the built-in scenario), applies one to three
mutations (a value anywhere replaced by a hostile one: huge or negative
numbers, NaN, strings such as ``"maybe"``, a 100,000-character string, nested
lists; a key deleted, misspelt or added; a grid axis of many values) and
writes it as YAML or JSON. Loading it must give a valid spec or a
:class:`~models.sweeps.SweepSpecError` whose every line names the file, with
bounded output, and nothing else (no other exception, no allocation that
would take the machine down). A few hundred examples run by default; set
``STANCES_FUZZ_EXAMPLES`` for more.
"""

import json
import os
from pathlib import Path

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import SweepSpec, load_sweep_spec
from models.sweeps import SweepSpecError, register_sweep_model

EXAMPLES = int(os.environ.get("STANCES_FUZZ_EXAMPLES", "250"))


class _Sum:
    def __call__(self, values):
        return {"y": np.asarray(values["x"]) + np.asarray(values["z"])}


def _fuzz_sum(inputs, scale=1.0, flip=False, rounds=10):
    return _Sum()


register_sweep_model("fuzz-sum", _fuzz_sum, needs_scenario=False)

TOY = {
    "scenario": None, "model": "fuzz-sum", "n_draws": 20, "seed": 5, "chunk_size": 16,
    "options": {"flip": False},
    "inputs": {"x": {"dist": "uniform", "low": 0.0, "high": 1.0},
               "z": {"dist": "discrete", "values": [0.0, 1.0], "weights": [1.0, 3.0]}},
    "grid": {"product": {"scale": [0.5, 1.0]}, "zip": [{"rounds": [1, 2], "z": [0.0, 1.0]}]},
    "description": "fuzzing base",
}
THREAT = {
    "scenario": "ukraine-ceasefire-2025-05", "model": "threat", "n_draws": 10, "seed": 1,
    "include": ["parameters[*]"],
    "inputs": {"audience_cost": {"dist": "uniform", "low": 0.0, "high": 0.1}},
    "grid": {"product": {"parameters[discount_USA].value": [0.8, 0.9]}},
}
BASES = [TOY] * 9 + [THREAT]  # the scenario specs are slower to check

HOSTILE = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 10**10, 10**12, 2**63, 1e308, -1e308, float("nan"),
                     float("inf"), True, False, None, "", "maybe", "yes", "0.9 ", "1e999",
                     "x" * 100_000, [1e308, 1e308], [], {}, [[[[[]]]]], {"dist": "categorical",
                     "categories": ["a", "b"]}, {"dist": "uniform", "low": 1, "high": 0}]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.one_of(st.integers(-5, 5), st.text(max_size=5), st.booleans()), max_size=4),
    st.dictionaries(st.text(max_size=8), st.integers(-3, 3), max_size=3),
)


def _paths(data, prefix=()):
    """Every (path, value) in a nested structure of dicts and lists."""
    yield prefix, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def _set(data, path, value):
    if not path:
        return value
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@st.composite
def mutated(draw):
    data = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p, _ in _paths(data)]
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["value", "value", "delete", "typo", "add", "axis"]))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if kind == "value" or not path:
            data = _set(data, path, draw(HOSTILE))
        elif kind == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif kind == "typo" and isinstance(parent, dict) and isinstance(path[-1], str):
            key = path[-1]
            i = draw(st.integers(0, max(0, len(key) - 1)))
            parent[key[:i] + key[i + 1:] + "_"] = parent.pop(key)
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=20))] = draw(HOSTILE)
        elif kind == "axis" and isinstance(data, dict):
            n = draw(st.integers(1, 300))
            names = draw(st.lists(st.sampled_from(["scale", "rounds", "flip", "x", "q",
                                                   "parameters[discount_RUS].value"]),
                                  min_size=1, max_size=5, unique=True))
            data["grid"] = {"product": {name: [i / n for i in range(n)] for name in names}}
    return data


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=mutated(), as_json=st.booleans())
def test_mutated_specs_load_or_raise_one_bounded_error(tmp_path_factory, data, as_json):
    folder = Path(tmp_path_factory.mktemp("fuzz"))
    path = folder / ("spec.json" if as_json else "spec.yaml")
    if as_json:
        path.write_text(json.dumps(data))
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    try:
        spec = load_sweep_spec(path)
    except SweepSpecError as exc:
        text = str(exc)
        lines = text.splitlines()
        assert lines, "an error without a problem"
        assert all(line.startswith(f"{path}: ") for line in lines), text[:2000]
        assert len(lines) <= 51 and all(len(line) <= 1000 for line in lines)
    else:
        assert isinstance(spec, SweepSpec)
        assert spec.n_points * spec.replications * spec.draws_per_run >= 1
