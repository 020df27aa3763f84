"""Word-level differences between a proposal's current and proposed text, for side-by-side display.

Words are compared, not characters or lines: the documents wrap lines differently, and a changed
line break is not a change of wording. Whitespace is kept as written for display. The result is
plain (kind, text) segments; templates escape the text, so nothing here builds HTML.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"(\S+)(\s*)")

EQUAL = "equal"
DELETED = "deleted"
INSERTED = "inserted"


@dataclass(frozen=True)
class Segment:
    kind: str
    text: str

    @property
    def changed(self) -> bool:
        return self.kind != EQUAL


def _tokens(text: str) -> tuple[str, list[tuple[str, str]]]:
    leading = text[: len(text) - len(text.lstrip())]
    return leading, [(m.group(1), m.group(2)) for m in _TOKEN.finditer(text)]


def _segments(leading: str, tokens, ranges, kind: str) -> list[Segment]:
    segments = [Segment(EQUAL, leading)] if leading else []
    for tag, start, end in ranges:
        text = "".join(word + space for word, space in tokens[start:end])
        if not text:
            continue
        segment_kind = EQUAL if tag == "equal" else kind
        if segments and segments[-1].kind == segment_kind:
            segments[-1] = Segment(segment_kind, segments[-1].text + text)
        else:
            segments.append(Segment(segment_kind, text))
    return segments


# Above this many word pairs (current × proposed, once the common start and end are set aside)
# the exact comparison would take seconds on repetitive text (SequenceMatcher without its junk
# heuristic is quadratic there): the heuristic is used instead, which ignores words that occur
# very often (a coarser but still correct diff, in linear time).
EXACT_PAIRS_MAX = 1_000_000


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes for the word lists, the common start and end matched first
    (an amendment usually changes a few words inside a long unchanged text)."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    exact = len(middle_a) * len(middle_b) <= EXACT_PAIRS_MAX
    matcher = SequenceMatcher(a=middle_a, b=middle_b, autojunk=not exact)
    opcodes = [("equal", 0, start, 0, start)] if start else []
    opcodes += [(tag, i1 + start, i2 + start, j1 + start, j2 + start)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if (middle_a or middle_b)]
    if end:
        opcodes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return opcodes


def side_by_side(current: str, proposed: str) -> tuple[list[Segment], list[Segment]]:
    """Segments of the current text (removed words marked) and of the proposed text (added words
    marked)."""
    current_leading, current_tokens = _tokens(current)
    proposed_leading, proposed_tokens = _tokens(proposed)
    opcodes = _opcodes([word for word, _ in current_tokens],
                       [word for word, _ in proposed_tokens])
    left = _segments(
        current_leading, current_tokens, [(t, i1, i2) for t, i1, i2, _j1, _j2 in opcodes], DELETED
    )
    right = _segments(
        proposed_leading, proposed_tokens, [(t, j1, j2) for t, _i1, _i2, j1, j2 in opcodes],
        INSERTED,
    )
    return left, right


def change_counts(left: list[Segment], right: list[Segment]) -> tuple[int, int]:
    """Number of removed and added words."""
    return (
        sum(len(s.text.split()) for s in left if s.changed),
        sum(len(s.text.split()) for s in right if s.changed),
    )
