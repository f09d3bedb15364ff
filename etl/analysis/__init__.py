"""Stage 4, analysis: from stored sets to weekly totals, statuses, the verdict and what to export.

``weekly`` sums hard sets per muscle and week; ``verdict`` reads those weeks and says what to add;
``settings`` holds each athlete's thresholds; ``trends``, ``roster`` and ``athletes`` summarise; ``export``
writes the weekly table for a coach.
"""
