from django import template

from indicators.formatting import format_number, format_target, format_value

register = template.Library()


@register.filter
def value_display(value):
    """``{{ value|value_display }}``: an IndicatorValue as printed in the documents."""
    return format_value(value)


@register.filter
def target_display(indicator):
    return format_target(indicator)


@register.filter
def polish_number(number):
    return "" if number is None else format_number(number)
