"""The packages import their numerics on first use, so the CLI starts fast (issue 16)."""

import subprocess
import sys


def _run(code):
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_help_imports_no_model_family():
    out = _run(
        "import sys\n"
        "from models.analysis.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('models.bargaining', 'models.spatial', 'models.games', "
        "'models.gmcr', 'models.uncertainty', 'models.war', 'matplotlib', 'scipy') "
        "if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    assert "HEAVY []" in out and "usage: stances" in out


def test_public_names_and_families_resolve_on_first_use():
    out = _run(
        "import models\n"
        "assert set(models.__all__) <= set(dir(models))\n"
        "for name in models.__all__:\n    getattr(models, name)\n"
        "print(models.games.NormalFormGame.__name__, models.gmcr.GraphModel.__name__)\n"
    )
    assert out.split() == ["NormalFormGame", "GraphModel"]


def test_a_module_spelt_like_a_public_name_does_not_replace_it():
    # models.sweeps.sweep is both a module and the function the package exports.
    out = _run(
        "import models.sweeps.sweep\n"
        "import models.analysis.analyze\n"
        "from models.sweeps import sweep\n"
        "from models.analysis import analyze\n"
        "import models\n"
        "print(callable(sweep), callable(analyze), models.sweep is sweep)\n"
    )
    assert out.split() == ["True", "True", "True"]


def test_an_unknown_name_is_an_attribute_error():
    out = _run(
        "import models\n"
        "try:\n    models.nosuch\nexcept AttributeError as exc:\n    print(exc)\n"
    )
    assert "module 'models' has no attribute 'nosuch'" in out
