"""The liftbalance command line: the outermost layer, a thin shell over ``etl`` and ``dashboard``.

Nothing imports this package; it imports the library and turns library errors into
one-screen messages and exit codes.
"""
