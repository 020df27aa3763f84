"""Charts for the dashboards and the PDF reports: plain data in, SVG markup out.

One approach for the screen and for print: pygal (by Kozea, the makers of WeasyPrint) draws SVG
on the server, so the same markup goes into a page and into a PDF, with no JavaScript and no
browser needed. Every chart carries an SVG ``<title>`` and ``<desc>`` (the desc states the data
in words), and every page that shows a chart also shows a table with the same figures; series are
labelled with the status symbols (✔ ✘ ?) and words, so colour is never the only signal.

Pages embed the SVG through ``chart_img`` (an ``<img>`` with a data URI and the description as
its alt text) because the site's Content-Security-Policy forbids inline ``<style>``, which
pygal's colours live in; an SVG loaded as an image keeps its own styles. PDFs may use the
markup directly (WeasyPrint reads inline SVG) or the same ``chart_img``.
"""

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape, unescape

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from indicators.judging import STATUS_SYMBOL, Status

# The colours of static/css/app.css (--met, --not-met, --unknown, --brand), contrast AA on white.
MET_COLOUR = "#1d6b32"
NOT_MET_COLOUR = "#a4161a"
UNKNOWN_COLOUR = "#6b4e00"
BRAND_COLOUR = "#0b4f8a"
INK_COLOUR = "#1b1f24"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def _style(colours: Sequence[str], value_colours: Sequence[str] = ()) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=INK_COLOUR,
        foreground_strong=INK_COLOUR,
        foreground_subtle="#c9ced6",
        opacity="1",
        opacity_hover="1",
        transition="none",
        colors=tuple(colours),
        value_colors=tuple(value_colours),
        guide_stroke_color="#dfe3e8",
        guide_stroke_dasharray="0",
        major_guide_stroke_color="#c9ced6",
        major_guide_stroke_dasharray="0",
        stroke_width=3,
        font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        value_font_family=FONT,
        value_label_font_family=FONT,
        legend_font_family=FONT,
        title_font_family=FONT,
        tooltip_font_family=FONT,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=13,
        title_font_size=16,
    )


def _polish(number) -> str:
    """Axis and value labels the Polish way: decimal comma, and from five digits on a (narrow)
    space between thousands, as indicators.formatting writes them. Plain string work: pygal
    calls this for every label and Babel per label cost more than the rest of the chart."""
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    whole = text.split(".")[0].lstrip("-").replace(",", "")
    grouping = "\u00a0" if len(whole) >= 5 else ""
    return text.replace(",", grouping).replace(".", ",")


_COMMON = {
    "value_formatter": _polish,
    "js": [],  # no scripts: the charts must work as images and in PDFs
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    # One series a line: three columns under the plot overlapped and cut the longer labels.
    "legend_at_bottom_columns": 1,
    "truncate_legend": -1,
    "truncate_label": -1,
}


@dataclass(frozen=True)
class StatusCounts:
    """How many indicators of one group (a goal, a programme) are met, not met, unjudgeable."""

    label: str
    met: int = 0
    not_met: int = 0
    cannot_judge: int = 0

    @property
    def judged_total(self) -> int:
        return self.met + self.not_met + self.cannot_judge


def status_series_label(status: Status) -> str:
    """A series name that does not rely on colour: the symbol and the word."""
    return f"{STATUS_SYMBOL[status]} {status.label}"


def status_counts_text(groups: Iterable[StatusCounts]) -> str:
    """The figures of ``status_bar_chart`` in words (its ``<desc>`` and the image's alt)."""
    parts = [
        _("%(label)s: %(met)d met, %(not_met)d not met, %(cannot)d cannot be judged")
        % {"label": group.label, "met": group.met, "not_met": group.not_met,
           "cannot": group.cannot_judge}
        for group in groups
    ]
    return "; ".join(parts) + "." if parts else _("No indicators with a target.")


def status_bar_chart(groups: Sequence[StatusCounts], *, title: str,
                     description: str = "") -> str:
    """A horizontal stacked bar per group: met, not met, cannot be judged. Returns SVG markup.

    ``description`` defaults to the figures in words (``status_counts_text``). The same figures
    give the same chart: it is drawn once per process (pygal takes tens of milliseconds).
    """
    return _status_bar_chart(tuple(groups), title, description, get_language())


@lru_cache(maxsize=512)
def _status_bar_chart(groups: tuple[StatusCounts, ...], title: str, description: str,
                      language: str) -> str:
    # pygal stacks a horizontal chart's first label at the bottom: reversed, the goals read
    # from the top in tree order (A, B, C …) as in the table beside it.
    in_order, groups = list(groups), list(reversed(groups))
    chart = pygal.HorizontalStackedBar(
        style=_style([MET_COLOUR, NOT_MET_COLOUR, UNKNOWN_COLOUR], ["#ffffff"] * 3),
        width=800,
        height=max(180, 70 + 42 * len(groups)),
        print_values=True,
        print_zeroes=False,
        show_y_guides=False,
        min_scale=1,
        **_COMMON,
    )
    chart.x_labels = [group.label for group in groups]
    chart.add(status_series_label(Status.MET), [group.met for group in groups])
    chart.add(status_series_label(Status.NOT_MET), [group.not_met for group in groups])
    chart.add(status_series_label(Status.CANNOT_JUDGE), [group.cannot_judge for group in groups])
    if not any(group.judged_total for group in groups):
        chart.no_data_text = _("No indicators with a target.")
    return _finish(chart, title, description or status_counts_text(in_order))


def trend_text(points: Sequence[tuple[int, Decimal | None]], format_number=str) -> str:
    shown = [
        f"{year}: {format_number(number) if number is not None else _('no number')}"
        for year, number in points
    ]
    return "; ".join(shown) + "." if shown else _("No values.")


def trend_chart(
    points: Sequence[tuple[int, Decimal | None]],
    *,
    title: str,
    description: str = "",
    target: Decimal | None = None,
    target_label: str = "",
    series_label: str = "",
) -> str:
    """A line of an indicator's numbers by year (``None``: a gap), with the numeric target as a
    dashed horizontal line when there is one. Returns SVG markup."""
    points = list(points)
    chart = pygal.Line(
        style=_style([BRAND_COLOUR, INK_COLOUR]),
        width=800,
        height=360,
        dots_size=5,
        allow_interruptions=True,  # a year without a number is a gap, not a straight line
        show_legend=target is not None,
        x_label_rotation=0 if len(points) <= 12 else 45,
        # The axis starts at zero, so a small change does not look like a collapse.
        include_x_axis=True,
        **_COMMON,
    )
    chart.x_labels = [str(year) for year, _number in points]
    chart.add(series_label or _("value"),
              [float(number) if number is not None else None for _year, number in points])
    if target is not None:
        chart.add(target_label or _("target"), [float(target)] * len(points), show_dots=False,
                  stroke_style={"width": 3, "dasharray": "12, 6"})
    if not any(number is not None for _year, number in points):
        chart.no_data_text = _("No numbers to draw.")
    return _finish(chart, title, description or trend_text(points))


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# pygal adds comments and a <script> with its configuration even without ``js``: neither is
# wanted in a page under the CSP nor in a PDF.
_PYGAL_EXTRAS = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.S)


def _finish(chart, title: str, description: str) -> str:
    """Render, and put the accessible name and description first in the SVG."""
    svg = _PYGAL_EXTRAS.sub("", chart.render(is_unicode=True))
    opening = _SVG_OPEN.search(svg)
    chart_id = re.search(r'id="([^"]+)"', opening.group(0)).group(1)
    accessible = (
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        + opening.group(0)[len("<svg"):]
        + f'<title id="{chart_id}-title">{escape(title)}</title>'
        + f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return accessible + svg[opening.end():]


def svg_title_and_desc(svg: str) -> tuple[str, str]:
    """The ``<title>`` and ``<desc>`` that ``_finish`` put first (plain text, unescaped)."""
    title = re.search(r"<title id=\"[^\"]+-title\">(.*?)</title>", svg, re.S)
    desc = re.search(r"<desc id=\"[^\"]+-desc\">(.*?)</desc>", svg, re.S)
    return (unescape(title.group(1)) if title else "", unescape(desc.group(1)) if desc else "")


def chart_img(svg: str, *, css_class: str = "chart") -> SafeString:
    """An ``<img>`` showing the SVG (a data URI, allowed by the CSP), with the chart's title and
    description as alt text. Works in browsers and in WeasyPrint."""
    title, desc = svg_title_and_desc(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return format_html(
        '<img class="{}" src="data:image/svg+xml;base64,{}" alt="{}">',
        css_class, data, f"{title}. {desc}" if desc else title,
    )
