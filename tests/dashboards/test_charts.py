"""dashboards.charts: plain data in, accessible SVG out, usable on pages and in PDFs."""

import base64
import re
from decimal import Decimal

import pytest
from django.utils import translation

from dashboards.charts import (
    StatusCounts,
    chart_img,
    status_bar_chart,
    status_counts_text,
    svg_title_and_desc,
    trend_chart,
)


@pytest.fixture(autouse=True)
def english():
    """Source strings, so the assertions read as the code does (Polish: see the last test)."""
    with translation.override("en"):
        yield


def test_status_bar_chart_has_title_desc_first_and_symbols_in_the_legend():
    svg = status_bar_chart([StatusCounts("A <b>", 3, 1, 2), StatusCounts("B", 0, 4, 0)],
                           title="Cele & zadania")
    assert svg.startswith('<svg role="img" aria-labelledby="')
    assert re.search(r'<title id="[^"]+-title">Cele &amp; zadania</title><desc', svg)
    assert svg_title_and_desc(svg) == (
        "Cele & zadania",
        "A <b>: 3 met, 1 not met, 2 cannot be judged; B: 0 met, 4 not met, 0 cannot be judged.",
    )
    assert "A &lt;b&gt;" in svg and "<b>" not in svg  # labels are escaped
    for symbol in ("✔", "✘", "?"):
        assert symbol in svg
    assert "<script" not in svg


def test_status_counts_text_for_no_groups():
    assert status_counts_text([]) == "No indicators with a target."


def test_trend_chart_draws_gaps_and_a_target_line():
    svg = trend_chart([(2019, Decimal("1500.5")), (2020, None), (2021, Decimal(2000))],
                      title="Trend", target=Decimal(1800), target_label="target 1800")
    assert "target 1800" in svg
    assert "dasharray" in svg
    assert ">1500,5<" in svg  # decimal comma in the labels
    assert svg_title_and_desc(svg)[1] == "2019: 1500.5; 2020: no number; 2021: 2000."


def test_trend_chart_without_numbers_says_so():
    svg = trend_chart([(2020, None)], title="Empty")
    assert "No numbers to draw." in svg


def test_axis_labels_are_polish_numbers():
    from dashboards.charts import _polish

    assert [_polish(x) for x in (0, 7.5, 1500.5, 12345.5, -27993, 1380000)] == [
        "0", "7,5", "1500,5", "12\xa0345,5", "-27\xa0993", "1\xa0380\xa0000"]


def test_chart_img_is_a_data_uri_with_alt_text():
    svg = status_bar_chart([StatusCounts("Goal", 1, 0, 0)], title="T")
    html = str(chart_img(svg))
    assert html.startswith('<img class="chart" src="data:image/svg+xml;base64,')
    assert 'alt="T. Goal: 1 met, 0 not met, 0 cannot be judged."' in html
    data = re.search(r"base64,([^\"]+)", html).group(1)
    assert base64.b64decode(data).decode() == svg


def test_charts_render_in_a_pdf():
    from lib.pdf import html_to_pdf

    svg = trend_chart([(2020, Decimal(1)), (2021, Decimal(2))], title="PDF")
    pdf = html_to_pdf(f'<html lang="pl"><body>{svg}{chart_img(svg)}</body></html>')
    assert pdf.startswith(b"%PDF")


def test_chart_texts_are_translated_to_polish():
    with translation.override("pl"):
        svg = status_bar_chart([StatusCounts("Cel 1", 2, 1, 0)], title="T")
    assert svg_title_and_desc(svg)[1] == (
        "Cel 1: osiągnięte 2, nieosiągnięte 1, nie można ocenić 0.")
    assert "✔ osiągnięty" in svg  # the legend: symbol and word
