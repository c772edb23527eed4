"""The staff console: sign-in, safe edits of floors.yaml, history, and what visitors look for.

Services (accounts, access, audit, yamledit, history, edits) take plain arguments; `views` is the
blueprint at /staff/, off until a first account exists, and a 404 to anyone outside the staff networks.
"""
