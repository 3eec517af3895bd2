"""The figwatch application: the command line, the daemon and the distributed crawl workers.

The top layer. It wires the crawler (``crawler``), the pipeline (``monitor``) and the database
(``storage``) together and is imported by nothing below it (docs/architecture.md).
"""
