"""The CLI slips of issue 16: usage of the right command, broken pipes, labels, logs."""

import io
import subprocess
import sys

import pytest

from models.analysis.cli import main


def test_an_unknown_option_prints_the_commands_own_usage(capsys):
    with pytest.raises(SystemExit) as info:
        main(["analyze", "--bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "stances analyze: error: unrecognized arguments: --bogus" in err
    assert err.startswith("usage: stances analyze")


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone (``stances show ... | head -1``)."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_stops_early_is_not_an_error(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["show", "ukraine-ceasefire-2025-05"]) == 0
    assert capsys.readouterr().err == ""


def test_a_real_pipe_closed_early_exits_cleanly():
    code = "import sys; from models.analysis.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" -c "$1" show ukraine-ceasefire-2025-05 | head -c 10',
         sys.executable, code], capture_output=True, timeout=120)
    assert proc.returncode == 0 and len(proc.stdout) == 10
    assert b"Broken pipe" not in proc.stderr


def test_mc_errors_name_the_command_not_a_spec(tmp_path, capsys):
    assert main(["mc", "--model", "nosuch", "--n", "10", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stances mc: model: unknown model 'nosuch'")
    assert "sweep spec" not in err


def test_no_progress_bar_when_standard_error_is_not_a_terminal(tmp_path, capsys):
    # Captured standard error is not a terminal: a log would get one line per update.
    assert main(["mc", "--n", "50", "--out", str(tmp_path / "o")]) == 0
    captured = capsys.readouterr()
    assert "\r" not in captured.err and "draw/s" not in captured.err
    assert "nash.outcome" in captured.out
