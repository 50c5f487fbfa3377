"""Showing a team's work without widgets: HTML building blocks (``html``), chart primitives
(``charts``) and the course's charts of a team's entries (``figures``).

Every view, the apps and the plan files draw through here, so team text is escaped in one
place and every chart comes with alt text and a table of the same data. Matplotlib is
imported only when a chart is drawn.
"""
