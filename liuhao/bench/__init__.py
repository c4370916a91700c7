"""Benchmark-only hooks, installed only when LIUHAO_BENCH=1 (config/settings/base.py).

A one-row insert endpoint (/bench/ping/) measured beside the public request form by
bench/desk_submit.py: the framework-and-database ceiling of the same server and middleware.
"""
