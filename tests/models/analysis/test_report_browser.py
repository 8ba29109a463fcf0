"""The analysis report as a reader sees it: rendered by headless Chromium (installed by .ci/run)."""

import shutil
import subprocess

import matplotlib.pyplot as plt
import numpy as np
import pytest

import models
import positions

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")


def screenshot(html_path, png_path, tmp_path):
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", "--window-size=1200,2400",
        "--virtual-time-budget=5000", f"--screenshot={png_path}",
    ]
    subprocess.run([CHROMIUM, *flags, html_path.as_uri()], capture_output=True, timeout=120,
                   check=True)


@pytest.mark.slow
def test_report_renders_with_its_figures(tmp_path):
    scenario = positions.load("ukraine-ceasefire-2025-05")
    analysis = models.analyze(scenario, n_draws=256, n_base=8, progress=False, seed=3)
    report = analysis.write(tmp_path)[0]
    png = tmp_path / "shot.png"
    screenshot(report, png, tmp_path)
    pixels = plt.imread(png)[..., :3]
    assert pixels.shape[0] >= 2000 and pixels.shape[1] >= 1000
    # Not blank: many distinct colours and real contrast.
    assert pixels.std() > 0.05
    assert len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)) > 200
    # The embedded figures loaded: Russia's vermillion and the USA's blue markers of the
    # position map (the first figure) appear on the page.
    def has(colour, tol=0.08):
        target = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
        return bool((np.abs(pixels - target).max(axis=-1) < tol).sum() > 50)

    assert has(models.plotting.actor_color("RUS")) and has(models.plotting.actor_color("USA"))
