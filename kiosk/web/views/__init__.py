"""Blueprints, one per concern; each view stays thin and leaves the work to the modules."""
