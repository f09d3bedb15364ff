"""Stage 1, bytes to canonical sets: which app wrote the file, its rows typed, then canonical sets.

``decode`` and ``csvfile`` turn bytes into text and fields; ``detect`` asks the reader registry
(``readers/``) which app wrote them; ``parse``, ``units``, ``dateorder``, ``timezone`` and the locale
modules type the values; ``canonical`` turns an app's typed rows into ``schemas.sets`` rows; ``export_file``
strings these together for one file (bytes → rows read → canonical sets). Nothing here touches the store.
"""
