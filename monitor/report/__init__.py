"""Reports for editors (HTML, CSV, JSON). ``render`` holds the shared Jinja2 environment."""

from monitor.report.render import environment, render_html, write_csv, write_json

__all__ = ["environment", "render_html", "write_csv", "write_json"]
