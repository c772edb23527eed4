"""Visitors report a problem with the page they are on; staff read and act on the reports.

`store` keeps them in SQLite (WAL) beside floors.yaml, `guard` holds the form token, the daily
address hash and the limits, `views` is the visitors' form. The staff side is in the console.
"""
