"""Test support shipped with the package: fakes and the loopback fake server.

Not for production use: nothing outside tests, benchmarks and this package imports it.
"""
