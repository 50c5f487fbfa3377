"""The frame of every file the course makes for a team to take away: one self-contained,
printable web page with nothing loaded from the internet."""

from __future__ import annotations

from html import escape

__all__ = ["web_page"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60em;margin:2em auto;
padding:0 1em;color:#111;line-height:1.45}
h1{font-size:1.7em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #888;padding:.3em .45em;vertical-align:top;text-align:left;
white-space:pre-wrap}
th{background:#eee}img{max-width:100%}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,img{break-inside:avoid}}
"""


def web_page(title: str, body: str) -> str:
    """A whole web page around ``body`` (HTML); ``title`` is plain text."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>\n")
