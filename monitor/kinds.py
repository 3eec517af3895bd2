"""The verdict kinds, in one place: what a figure can be judged, and which of those alert.

``new`` (the first value of its series), ``confirms``, ``stale`` (a reprint or an older or
partial value: never alerted), ``updates``, ``contradicts`` and ``corrects``; an alert can also
be ``revised`` (an outlet edited a figure in place, ``monitor.alerts.revisions``).
"""

from __future__ import annotations

from typing import Literal, get_args

#: what an alert event can be: any verdict but ``stale``, and an edit in place
Kind = Literal["new", "confirms", "updates", "contradicts", "corrects", "revised"]

#: every verdict a figure can get, in the order the docs list them
VERDICT_KINDS = ("new", "confirms", "stale", "updates", "contradicts", "corrects")
#: the verdicts that alert with the default policy
ALERT_KINDS = ("updates", "contradicts", "corrects")
EVENT_KINDS: tuple[str, ...] = get_args(Kind)
#: the kinds ``[alerts] kinds`` holds by default
DEFAULT_ALERT_KINDS = (*ALERT_KINDS, "revised")


#: groups of the dead counted by the work done on them — identified, not yet identified, handed
#: over to families (``monitor.figures.grammar``): series of their own, changes alert only when
#: ``[alerts] identification`` is set
IDENTIFICATION_GROUPS = frozenset({"identified", "unidentified", "handed over"})
