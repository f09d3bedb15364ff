"""One module per app: the app's header shapes and how its text columns become typed set rows.

Each module defines a ``Reader`` subclass (``etl.read.readers.base``: the contract, and how to add one)
and ``READER``, its instance; ``etl.read.readers.registry`` lists them in detection order.
"""
