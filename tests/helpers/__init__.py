"""Plain helpers the test folders share, one module per concern; fixtures live in the conftest.py files.

Test modules import from here (and from tests/filebuilders.py, tests/components.py, tests/mutations.py),
never from another test module: tests/test_test_imports.py fails on such an import.
"""
