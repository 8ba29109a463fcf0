"""The documentation site builds with warnings as errors, offline, and has its pages.

The build is the one the README gives (``python -m sphinx -W --keep-going -b html
docs OUT``), into a temporary folder. A docstring that numpydoc or docutils cannot
read, a broken link between pages, a notebook left out of the table of contents or
a public name missing from the API reference fails this test.
"""

from __future__ import annotations

import html as html_lib
import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [
    "positions",
    "models",
    "models.outcomes",
    "models.bargaining",
    "models.spatial",
    "models.games",
    "models.gmcr",
    "models.war",
    "models.uncertainty",
    "models.sweeps",
    "models.analysis",
    "models.plotting",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    html = out / "html"
    command = [
        sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
        "-d", str(out / "doctrees"), str(ROOT / "docs"), str(html),
    ]  # fmt: skip
    env = os.environ | {"MPLBACKEND": "Agg"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0 and "WARNING" not in done.stderr, (
        f"the docs build failed (exit {done.returncode}):\n{done.stderr[-6000:]}"
    )
    return html


def _text(path: Path) -> str:
    assert path.is_file(), f"{path.name} was not built"
    return path.read_text(encoding="utf-8")


def _words(path: Path) -> str:
    """The page's text as a reader sees it: no tags, single spaces."""
    body = re.sub(r"<[^>]+>", "", _text(path).split("<body", 1)[1])
    return " ".join(html_lib.unescape(body).split())


@pytest.mark.slow
def test_api_page_of_bargaining_documents_its_names(site: Path) -> None:
    page = _text(site / "api" / "models.bargaining.html")
    for name in ("bargain", "BargainResult", "solve", "SOLUTIONS", "rubinstein"):
        assert f'id="models.bargaining.{name}"' in page
    # numpydoc rendered the sections, not the raw underlined headings
    assert "Parameters" in page and "----------" not in page


def test_every_family_has_an_api_page() -> None:
    import models

    families = sorted(
        f"models.{info.name}"
        for info in pkgutil.iter_modules(models.__path__)
        if info.ispkg and not info.name.startswith("_")
    )
    assert families == sorted(PACKAGES[2:])
    for package in PACKAGES:
        page = (ROOT / "docs" / "api" / f"{package}.rst").read_text(encoding="utf-8")
        assert f".. api-package:: {package}\n" in page


@pytest.mark.slow
def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    missing = []
    for package in PACKAGES:
        page = _text(site / "api" / f"{package}.html")
        for name in importlib.import_module(package).__all__:
            if name.startswith("__"):
                continue
            # documented on its page, or (for `models`) linked to the family's page
            if f'id="{package}.{name}"' not in page and not re.search(
                rf'href="models\.\w+\.html#models\.\w+\.{re.escape(name)}"', page
            ):
                missing.append(f"{package}.{name}")
    assert not missing, f"not in the API reference: {missing}"


@pytest.mark.slow
def test_guides_and_architecture_pages(site: Path) -> None:
    architecture = _words(site / "architecture.html")
    assert "How to add" in architecture and "models/bargaining/" in architecture
    authoring = _words(site / "authoring.html")
    for text in ("stances new", "Calibrated words", "Model roles", "evidence grades", "roles:"):
        assert text in authoring
    models_page = _words(site / "models.html")
    assert "Rubinstein (1982)" in models_page and "Fang, Hipel & Kilgour (1993)" in models_page
    references = _words(site / "references.html")
    assert "Rubinstein, A. (1982). Perfect equilibrium in a bargaining model." in references
    assert "Fearon, J. D. (1995). Rationalist explanations for war." in references
    assert references.count("Nash, J. F. (1950).") == 1  # cited by several modules, listed once
    index = _text(site / "index.html")
    assert 'href="getting-started.html#built-in-scenarios"' in index
    # README figures are copied into the site, not linked remotely
    assert (site / "_images" / "position_map.png").is_file()


@pytest.mark.slow
def test_notebooks_are_pages_with_their_committed_outputs(site: Path) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        page = _text(site / "notebooks" / f"{notebook.stem}.html")
        assert "<img" in page or "<table" in page, f"{notebook.name}: no outputs rendered"
    page = site / "notebooks" / "02_outcome_space_and_bargaining.html"
    assert "models.bargain(" in _words(page) and "<img" in _text(page)


@pytest.mark.slow
def test_site_loads_nothing_remote_but_mathjax(site: Path) -> None:
    remote = set()
    for page in site.rglob("*.html"):
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', _text(page)):
            if re.search(r"\.(js|css|png|svg|jpe?g|gif)(\?|$)", url):
                remote.add(url)
    assert all("mathjax" in url for url in remote), sorted(remote)
