"""Test support: local servers and helpers shared by the suites.

- ``sites``: ``LocalSite`` and the fictional ``news_site()`` (feeds, sitemaps, awkward pages),
  ``run_crawler``, ``write_config``; served per test by the ``news_site`` fixture.
- ``badserver``: ``BadServer``, a server that misbehaves on request (``bad_server`` fixture).
- ``alerts``: ``Receiver`` (webhook endpoint, ``webhook_receiver`` fixture), ``Mailbox`` (SMTP
  handler, ``mailbox`` fixture), ``event()`` alert events.
- ``seeds``: the shared seed articles; ``cli``: ``fw_here``, the CLI run in-process.
- ``demo``: the demo corpus (examples/demo) ingested and compared with its expected.json (also
  used by benchmarks/figures.py).

The fixtures live in tests/conftest.py.
"""
