"""The liftbalance dashboard: a Dash front over the ``etl`` library (upload, balance, exercises, export).

It holds no logic of its own: pages call the library and the pure figure builders in
``dashboard.figures``. ``dashboard.app.create_app(db_path)`` builds an app for one database.
"""
