"""Stage 2, re-imports: skip what an earlier import of the same export already read.

Exports are cumulative, so most of a re-import repeats the last one. ``known_region`` finds the stretch
of bytes an earlier import stored whole; ``fingerprint`` hashes each workout so that only new and edited
workouts are parsed; ``incremental`` is the re-import path an import takes through them. These modules
read and write their own tables through a connection they are given; they import only ``etl.read``.
"""
