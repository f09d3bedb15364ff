"""Stage 3, the store: the schema and its migrations, the upsert of canonical sets, what is kept of uploads.

``database`` opens the store and migrates it; ``uploads`` keeps each import's bytes, upload row and
quarantined values; ``upsert`` writes a file's sets one workout at a time in one transaction; ``sources``,
``backup``, ``accounts``, ``push_tokens`` and ``private_files`` keep the rest of what lasts between runs.
"""
