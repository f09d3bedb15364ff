"""The dashboard's pages, one module each (``dash.register_page`` + ``@callback``), loaded by Dash."""
