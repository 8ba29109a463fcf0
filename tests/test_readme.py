"""The README's Python examples run as written (figures drawn off-screen)."""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.slow
def test_readme_python_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    spec = README.parent / "examples" / "sweep_patience.yaml"
    (tmp_path / "examples" / "sweep_patience.yaml").write_text(
        spec.read_text().replace("n_draws: 2000", "n_draws: 50")
    )
    namespace: dict[str, object] = {}
    for block in BLOCKS:
        exec(compile(block, "README.md", "exec"), namespace)
    plt.close("all")
    assert "mc" in namespace and "result" in namespace


def test_the_dev_extra_has_what_the_readme_says():
    # The README says `dev` includes the distributed, docs, fast and notebooks extras, so
    # that `jupyter lab` works after the set-up (issue 16).
    import tomllib

    text = README.read_text(encoding="utf-8")
    assert "`dev`\nincludes all four" in text and "jupyter lab" in text
    project = tomllib.loads((README.parent / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    dev = " ".join(extras["dev"])
    for name in ("distributed", "docs", "fast", "notebooks"):
        assert name in dev.split("stances[", 1)[1].split("]", 1)[0].split(",")
    assert any(req.startswith("jupyter") for req in extras["notebooks"])
