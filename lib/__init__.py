"""Plain helpers every app may use: writing CSV, XLSX and PDF files, cleaning typed text.

Not a Django app (no models, no URLs) and imports no app of the project: it is the bottom layer
(``tests/test_layers.py``).
"""
