"""The analysis report as a reader sees it: rendered by headless Chromium (installed by .ci/run)."""

import json
import re
import shutil
import subprocess

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import random_scenario_dicts
from wage_dispute import wage_dispute_dict

import models
import positions

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

PAGE = 1100
"""The page width the report must fit, in CSS pixels."""

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--virtual-time-budget=5000",
]

# Opens every <details> (the folded quotes, rows and figures), then measures: the page's
# scroll width, every element whose right edge passes the page, and per section (h2) how
# much text and how many figures it holds.
MEASURE = """<script>
window.addEventListener('load', () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const out = {scrollWidth: document.documentElement.scrollWidth, wide: [], sections: []};
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > PAGE_WIDTH + 0.5) {
      out.wide.push(el.tagName + ' right=' + Math.round(r.right) + ': '
                    + (el.textContent || '').slice(0, 80));
    }
  }
  for (const h of document.querySelectorAll('h2')) {
    let n = h.nextElementSibling, text = 0, figures = 0;
    while (n && n.tagName !== 'H2') {
      if (n.tagName === 'FIGURE') figures += 1; else figures += n.querySelectorAll('figure').length;
      if (['P', 'UL', 'OL', 'TABLE', 'DETAILS', 'PRE'].includes(n.tagName))
        text += n.textContent.trim().length;
      n = n.nextElementSibling;
    }
    out.sections.push({heading: h.textContent, text: text, figures: figures});
  }
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>""".replace("PAGE_WIDTH", str(PAGE))


def screenshot(html_path, png_path, tmp_path):
    flags = [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,2400",
             f"--screenshot={png_path}"]
    subprocess.run([CHROMIUM, *flags, html_path.as_uri()], capture_output=True, timeout=120,
                   check=True)


def measure(html_text, tmp_path):
    """Render a report at 1,100 px with every <details> open and return the measurements."""
    page = tmp_path / "measured.html"
    page.write_text(html_text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    flags = [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={PAGE},3000",
             "--dump-dom"]
    dom = subprocess.run([CHROMIUM, *flags, page.as_uri()], capture_output=True, timeout=180,
                         check=True, text=True).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run"
    import html

    return json.loads(html.unescape(found.group(1)))


def test_the_measure_sees_overflow(tmp_path):
    # The overflow check can fail: a block wider than the page is reported.
    page = ('<!DOCTYPE html><html><body><h2>A</h2><p>text</p>'
            '<div style="width:1500px">wide</div></body></html>')
    measured = measure(page, tmp_path)
    assert measured["scrollWidth"] > PAGE
    assert any(w.startswith("DIV") for w in measured["wide"])
    assert measured["sections"] == [{"heading": "A", "text": 4, "figures": 0}]


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


def _cases():
    """Every built-in scenario and the wage dispute (no sources, no options)."""
    return [*positions.available(), "wage-dispute"]


def _scenario(name):
    if name == "wage-dispute":
        return positions.Scenario.from_dict(wage_dispute_dict())
    return positions.load(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases())
def test_report_fits_the_page_and_every_section_says_something(name, tmp_path):
    scenario = _scenario(name)
    analysis = models.analyze(scenario, n_draws=64, n_base=8, progress=False, seed=3)
    page = analysis.report().to_html()
    measured = measure(page, tmp_path)
    # No horizontal overflow at 1,100 px, even with every quote and folded row open.
    assert measured["scrollWidth"] <= PAGE
    assert measured["wide"] == []
    # Every section has text, not only a figure or a heading.
    sections = {s["heading"]: s for s in measured["sections"]}
    assert all(s["text"] >= 40 for s in sections.values()), sections
    # The sections that drew a figure say in words what it shows.
    for heading, s in sections.items():
        if s["figures"]:
            assert s["text"] >= 150, heading
    # The Sources section lists every source by its name and id.
    assert "Sources" in sections
    sources_part = page[page.index(">Sources</h2>"):]
    for source in scenario.sources:
        assert f'id="src-{source.id}"' in sources_part
        for known in (source.outlet, source.headline, source.title):
            if known:
                assert _escaped(known) in sources_part


def _escaped(text):
    import html

    return html.escape(text)


@pytest.mark.slow
def test_report_quotes_are_folded_under_sources_and_positions(tmp_path):
    scenario = positions.load("ukraine-ceasefire-2025-05")
    analysis = models.analyze(scenario, n_draws=64, n_base=8, progress=False, seed=3)
    page = analysis.report().to_html()
    folded = _details_text(page)
    quotes = scenario.evidence_frame()["quote"].dropna().unique()
    # Every quote of the scenario can be opened in the report.
    missing = [q for q in quotes if _escaped(q) not in folded]
    assert missing == []
    # Each position's quotes sit in its row of the positions table.
    positions_part = page[page.index(">Positions</h2>"):page.index(">Bargaining</h2>")]
    position = scenario.position("RUS", "territory")
    assert _escaped(position.evidence[0].quote) in positions_part
    # A rationale that cites a source by a bare id ("004") links to the source, by name.
    assert '<a class="cite" href="#src-s004"' in page
    assert re.search(r"that 004 says|per 004|004's", page) is None
    # The browser sees the quotes: the page with every <details> open is much taller
    # than the folded one, and still fits the page width.
    assert measure(page, tmp_path)["scrollWidth"] <= PAGE


def _details_text(page):
    """Return the HTML inside every <details> element of a page, joined."""
    return "\n".join(re.findall(r"<details[^>]*>(.*?)</details>", page, re.S))


@pytest.mark.slow
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(random_scenario_dicts())
def test_generated_scenarios_fit_the_page(tmp_path, data):
    scenario = positions.Scenario.from_json(json.dumps(data))
    analysis = models.analyze(scenario, n_draws=16, n_base=4, progress=False, seed=0)
    measured = measure(analysis.report().to_html(), tmp_path)
    assert measured["scrollWidth"] <= PAGE and measured["wide"] == []
    assert all(s["text"] >= 40 for s in measured["sections"])
