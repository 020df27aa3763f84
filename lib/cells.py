"""The one rule for text cells of files we write (CSV and XLSX) and read back (uploads).

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or a
carriage return that hides one) as a formula. Text typed by a user must never do that on the
coordinator's computer (CSV/formula injection), so such text gets an apostrophe in front;
readers of our own files take exactly that apostrophe off again.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """The cell as written to the file: text starting like a formula is prefixed with ``'``.

    Numbers are left alone (a negative number is not a formula); ``None`` becomes empty.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
