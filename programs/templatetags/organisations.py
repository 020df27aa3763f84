"""Abbreviations spelled out: an organisation (or funding source) shown by its short name
("DSS UM", "ZMK") carries its full name in ``<abbr title>``, read out and shown on hover."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def abbr(body) -> str:
    """``{{ organisation|abbr }}``: the short name in ``<abbr title="full name">``, or the full
    name when there is no separate short name."""
    if body is None or body == "":
        return ""
    name = getattr(body, "name", str(body))
    short = getattr(body, "short_name", "")
    if short and short != name:
        return format_html('<abbr title="{}">{}</abbr>', name, short)
    return format_html("{}", name)
