"""Helpers shared by test modules: building files, servers, staff sign-in, tables. No test module imports another."""
