"""Reports for editors (HTML, CSV, JSON).

- ``write``: ``write_reports(engine, config)``, every report into ``[reports] dir``.
- ``dedup``: near-copy clusters and passage reuse; ``figures``: figure timelines.
- ``charts``: the timelines as inline SVG (matplotlib, the ``charts`` extra).
- ``render``: the shared Jinja2 environment and the CSV/JSON writers.
"""

from monitor.report.render import environment, render_html, write_csv, write_json
from monitor.report.write import write_reports

__all__ = ["environment", "render_html", "write_csv", "write_json", "write_reports"]
