"""Writes of indicators and their yearly values, by subject:

- ``values``: saving a batch of typed values (the form, the API, the value-sheet upload);
- ``review``: submitting values and the coordinator's accept / return;
- ``years``: opening, locking and reopening a reporting year;
- ``reminders``: e-mailing organisations that still owe values;
- ``programmes``: loading a whole programme (goal tree, indicators, values, reporting years).

Reads are in ``indicators.selectors`` and ``indicators.tree``; the rules of who may do what in
``indicators.access``.
"""
