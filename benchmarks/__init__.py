"""Benchmarks of the engine on synthetic playbooks (not part of the test suite).

    python -m benchmarks generate --entities 1000 --out /tmp/pb1000
    python -m benchmarks compare      # what `make bench` runs
    python -m benchmarks validate
"""
