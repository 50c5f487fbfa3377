"""A team member's process writing to the store: used by the concurrency and crash tests.

usage: store_writer.py URL TEAM WRITER N
Makes N changes as member WRITER and prints each one after its transaction committed. Even
changes add a new reflection; odd ones rewrite one meeting entry that every writer shares.
"""

import sys

from widgets import Store

url, team, writer, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ws = Store(url).team(team)
for i in range(n):
    if i % 2:
        ws.save("meeting", {"date": "2027-01-01", "attendees": [writer], "notes": f"{writer} {i}"},
                by=writer)
        print(f"meeting {writer} {i}", flush=True)
    else:
        ws.save("reflection", {"module": i % 8, "member": writer, "text": f"note {i} ✓"},
                by=writer)
        ws.save("reflection", {"module": i % 8, "member": f"{writer}/{i}", "text": f"{i}"})
        print(f"reflection {writer} {i}", flush=True)
