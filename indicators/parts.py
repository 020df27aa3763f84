"""An indicator's parts written as one line of text, the way the programme template's column
"Części wskaźnika" and the administration's field take them: parts separated by semicolons (or
on separate lines), each the label the document writes after the number, optionally with its
unit in brackets at the end, a part that is a subset of the one before it starting with "w tym":

    osób (osoby); rodzin (rodziny)
    placówek; w tym nowoutworzone
    –; w tym nowoutworzone        (a total without a label: "12, w tym 3 nowoutworzone")

``parts_from_text`` reads it into ``Indicator.parts`` (checked by ``models.clean_parts``),
``parts_to_text`` writes it back. Unit names are read in the active language (and as stored
values, "persons").
"""

import re

from indicators.models import Unit, clean_parts

# A total written without a label ("12, w tym 3 nowoutworzone"): a dash stands for it.
NO_LABEL = ("-", "–", "—")
PART_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
# "rodzin (rodziny)": a part's label and, in brackets at its end, its unit.
_PART_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def _unit_lookup() -> dict[str, str]:
    found = {}
    for value, label in Unit.choices:
        if value:
            found[str(value).casefold()] = value
            found[str(label).casefold()] = value
    return found


def parts_from_text(text: str) -> list[dict]:
    """``Indicator.parts`` from its text; ``ValidationError`` (Polish) when it is wrong. A
    bracket that names no unit stays part of the label ("osób (w tym dzieci)")."""
    text = (text or "").strip()
    if not text:
        return []
    units = _unit_lookup()
    parts = []
    for item in PART_SPLIT.split(text):
        if not item:
            continue
        label, unit = ("" if item in NO_LABEL else item), ""
        match = _PART_UNIT.match(item)
        if match:
            found = units.get(" ".join(match.group(2).split()).casefold())
            if found is not None:
                label, unit = match.group(1), found
        parts.append({"label": label, "unit": unit})
    return clean_parts(parts)


def parts_to_text(parts) -> str:
    """The text of ``Indicator.parts`` (``parts_from_text`` reads it back)."""
    labels = dict(Unit.choices)
    texts = []
    for part in parts or []:
        label = part["label"] or NO_LABEL[1]
        text = f"w tym {label}" if part.get("within") else label
        if part.get("unit"):
            text = f"{text} ({labels[part['unit']]})"
        texts.append(text)
    return "; ".join(texts)
