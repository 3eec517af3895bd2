"""Timeline charts: valid inline SVG, hostile labels kept as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from monitor.report.charts import Point, timeline_svg


def test_timeline_is_inline_svg_with_escaped_labels() -> None:
    svg = timeline_svg(
        {
            "<script>alert(1)</script>": [
                Point(datetime(2024, 1, 1), 12, 12),
                Point(datetime(2024, 1, 2), 27, 27, alerted=True),
            ],
            "Relief $ charity": [Point(datetime(2024, 1, 2), 60, None)],
        },
        title="dead · Karsk valley",
    )
    assert svg.startswith("<svg")
    ET.fromstring(svg)  # well-formed XML
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Relief $ charity" in svg
    assert 'href="http' not in svg and "<image" not in svg  # no external assets
