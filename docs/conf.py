"""Sphinx configuration of the stances documentation site.

Build it from the repository root with
``python -m sphinx -W --keep-going -b html docs docs/_build/html``
(``tests/test_docs_build.py`` runs the same build into a temporary folder).
The build needs no network: no intersphinx inventories are fetched, the
notebooks are rendered from their committed outputs without running them, and
every image is a local file.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
import sys
import warnings
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from numpydoc.docscrape import NumpyDocString
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Document the checkout this folder belongs to, whatever is installed.
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

project = "stances"
author = "The stances developers"
copyright = "The stances developers, MIT licence"
release = version = importlib.import_module("positions").__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]

root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "make_figures.py"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}

html_theme = "furo"
html_title = f"stances {release}"
html_static_path: list[str] = []
html_show_sourcelink = False

# No network: no inventories of other projects are fetched.
intersphinx_mapping: dict[str, Any] = {}

# --- API reference --------------------------------------------------------
autosummary_generate = False  # pages are written by the api-package directive below
autodoc_typehints = "none"  # the numpydoc Parameters and Returns sections give the types
autodoc_member_order = "bysource"
# Pydantic's class-level machinery, the same on every model
autodoc_default_options = {
    "exclude-members": "model_config, model_fields, model_computed_fields, model_post_init"
}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# --- Markdown pages and notebooks ------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 4
nb_execution_mode = "off"  # render the committed outputs; never run a notebook here
nb_merge_streams = True
# No widget scripts from a CDN: a widget is live in Jupyter only.
nb_ipywidgets_js: dict[str, dict[str, str]] = {}

# The API pages of these packages, in this order; a name exported by `models`
# is documented on the page of the first family that exports it too.
API_PACKAGES = [
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


def _home(package: str, name: str) -> str:
    """Return the package whose API page documents ``package.name``."""
    if package == "models":
        for family in API_PACKAGES[2:]:
            if name in importlib.import_module(family).__all__:
                return family
    return package


def _data_doc(package: str, name: str) -> list[str]:
    """Return the docstring of a package's data ``name`` from the module that defines it.

    A registry or a palette is assigned in a submodule, with its docstring on the
    line below; autodoc looks for that docstring in the package's own source only.
    """
    module = importlib.import_module(package)
    value = getattr(module, name)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        sub = importlib.import_module(info.name)
        if sub.__dict__.get(name) is value:
            docs = ModuleAnalyzer.for_module(info.name).find_attr_docs()
            if ("", name) in docs:
                return list(docs[("", name)])
    raise ValueError(f"{package}.{name} has no docstring in the module that defines it")


def _document(package: str, name: str) -> list[str]:
    """Return the reStructuredText that documents ``package.name`` in full."""
    obj = getattr(importlib.import_module(package), name)
    if inspect.isclass(obj):
        return [f".. autoclass:: {package}.{name}", "   :members:", ""]
    if inspect.isroutine(obj):
        return [f".. autofunction:: {package}.{name}", ""]
    return [f".. autodata:: {package}.{name}", "   :no-value:", ""]


def data_docstring(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """Give an exported registry or palette the docstring of its defining module.

    Runs before numpydoc; without it a tuple would show the docstring of ``tuple``.
    """
    package, _, attr = name.rpartition(".")
    if what == "data" and package in API_PACKAGES:
        lines[:] = _data_doc(package, attr)


class ApiPackage(SphinxDirective):
    """Document a package's ``__all__``: its docstring, a summary table, each name.

    ``.. api-package:: models.bargaining`` writes the module's docstring, an
    autosummary table of every name in its ``__all__`` (in that order) and then
    each name in full. A name that ``models`` re-exports from a family links to
    that family's page instead of being documented twice.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Parse the generated reStructuredText."""
        package = self.arguments[0]
        module = importlib.import_module(package)
        names = [n for n in module.__all__ if not n.startswith("__")]
        lines = [f".. automodule:: {package}", ""]
        lines += [".. rubric:: Contents", "", ".. autosummary::", "   :nosignatures:", ""]
        local: list[str] = []
        for name in names:
            home = _home(package, name)
            if home == package:
                local.append(name)
                lines.append(f"   {name}")
            else:  # autosummary wants names relative to the current module
                lines.append(f"   ~{home.removeprefix(package + '.')}.{name}")
        lines.append("")
        for name in local:
            lines += _document(package, name)
        content = StringList(lines, source=f"<api-package {package}>")
        node = nodes.section()
        node.document = self.state.document
        self.state.nested_parse(content, 0, node, match_titles=True)
        return node.children


# --- References ------------------------------------------------------------
def _work_key(text: str) -> tuple[str, str]:
    """Return (first author's surname, year) of a reference, to merge its citations."""
    match = re.match(r"^(.+?)\((\d{4}[a-z]?)\)", text)
    if not match:
        return text.lower(), ""
    return match.group(1).split(",")[0].split(" and ")[0].strip().lower(), match.group(2)


def module_references() -> dict[tuple[str, str], tuple[str, list[str]]]:
    """Return every work the module docstrings cite, with the modules that cite it.

    Each work is keyed by its first author and year; its text is the longest of
    the modules' versions (they differ in punctuation and in the chapter cited).
    """
    works: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for package in ("positions", "models"):
        root = importlib.import_module(package)
        names = [package] + [i.name for i in pkgutil.walk_packages(root.__path__, package + ".")]
        for name in names:
            lines = NumpyDocString(importlib.import_module(name).__doc__ or "")["References"]
            # entries are ``.. [n]`` citations or paragraphs
            section = "\n".join(lines)
            for entry in re.split(r"^\.\. \[[^\]]+\]\s*|\n\s*\n", section, flags=re.M):
                text = " ".join(entry.split())
                if text:
                    key = _work_key(text)
                    old, modules = works.get(key, ("", []))
                    works[key] = (max(old, text, key=len), [*modules, name])
    return works


class ModuleReferences(SphinxDirective):
    """List the works cited in the module docstrings, each with the modules citing it."""

    def run(self) -> list[nodes.Node]:
        """Parse the generated list."""
        lines = []
        for _key, (text, modules) in sorted(module_references().items()):
            cited = ", ".join(f"``{m}``" for m in modules)
            lines += [f"- {text} Cited in {cited}.", ""]
        content = StringList(lines, source="<module-references>")
        node = nodes.section()
        node.document = self.state.document
        self.state.nested_parse(content, 0, node)
        return node.children


# --- README sections included in the pages ---------------------------------
# The README is written for the repository: its links point at files and at
# anchors of one long page. On the site, links into docs/ point at the pages,
# the notebooks folder at the notebooks page, an anchor at the page that holds
# it, and a link to any other file of the repository becomes its text.
README_ANCHORS = {
    "built-in-scenarios": "getting-started.md",
    "who-said-it-attribution-and-evidence-grades": "authoring.md",
    "calibrated-words": "authoring.md",
    "documentation-site": "getting-started.md",
}
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^()\s]+)\)")


def _site_link(match: re.Match[str]) -> str:
    """Return a README link rewritten for the site."""
    image, text, target = match.groups()
    if re.match(r"[a-z]+:", target):
        return match.group(0)
    if target.startswith("#"):
        page = README_ANCHORS.get(target[1:])
        return f"[{text}]({page}{target})" if page else match.group(0)
    if target.startswith("docs/"):
        return f"{image}[{text}]({target.removeprefix('docs/')})"
    if target.rstrip("/") == "notebooks":
        return f"[{text}](notebooks.md)"
    return match.group(0) if image else text


def readme_for_site(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    """Rewrite the links of the README where a page includes part of it."""
    if (Path(app.srcdir) / relative_path).resolve() == ROOT / "README.md":
        content[0] = _LINK.sub(_site_link, content[0])


def _docstring_warnings_to_sphinx() -> None:
    """Report numpydoc's Python warnings (an unknown section) as Sphinx warnings.

    numpydoc says ``Unknown section Paramters in the docstring of ...`` with
    :func:`warnings.warn`, which ``-W`` does not see; as a Sphinx warning it
    fails the build like any other docstring problem.
    """
    logger = logging.getLogger("numpydoc")
    show = warnings.showwarning

    def forward(message: Warning | str, category: type[Warning], filename: str, *args: Any) -> None:
        if f"{os.sep}numpydoc{os.sep}" in filename:
            logger.warning(str(message), type="numpydoc", subtype="docstring")
        else:
            show(message, category, filename, *args)

    warnings.showwarning = forward
    warnings.filterwarnings("always", category=UserWarning, module="numpydoc")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the README's link rewriting and the docstring hooks."""
    app.add_directive("api-package", ApiPackage)
    app.add_directive("module-references", ModuleReferences)
    app.connect("include-read", readme_for_site)
    app.connect("autodoc-process-docstring", data_docstring, priority=400)
    _docstring_warnings_to_sphinx()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
