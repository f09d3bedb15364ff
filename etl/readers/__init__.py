"""One module per app: the app's header shapes and how its text columns become typed set rows.

Adding an app is one module here that exposes ``APP``, ``detect(header)``, ``RAW_SCHEMA``
and ``parse(raw, shape, unit=...)``, plus its line in ``etl.detect.READERS`` and its tests. A reader whose files are not one plain
CSV table (block-structured, or broken by unquoted delimiters) also exposes
``read_raw(text, *, delimiter, filename, header, shape)`` returning the raw string frame with ``_line``.
"""
