"""A seat process for the concurrency tests: appends records and confirms each on stdout.

    python appender.py URL TABLE NAME COUNT [START_FILE]

Appends COUNT `notes` records `{"writer": NAME, "i": i}` (COUNT 0: until killed), each at
the log's current length, retrying on Conflict as a seat does; after each accepted append it
prints `{"seq": S, "i": i}` and flushes, so whatever it printed is what the store confirmed.
With START_FILE it first prints `ready` and waits for that file to exist, so that several
writers start racing at the same moment.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from wargame.table import Conflict, open_store


def main(argv: list[str]) -> int:
    url, table_id, name, count = argv[0], argv[1], argv[2], int(argv[3])
    store = open_store(url)
    if len(argv) > 4:
        start = Path(argv[4])
        print("ready", flush=True)
        while not start.exists():
            time.sleep(0.005)
    i = 0
    conflicts = 0
    while count == 0 or i < count:
        payload = {"writer": name, "i": i}
        try:
            record = store.append(
                table_id, store.length(table_id), "notes", payload, seat=name
            )
        except Conflict:
            conflicts += 1
            continue
        print(json.dumps({"seq": record.seq, "i": i}), flush=True)
        i += 1
    print(json.dumps({"conflicts": conflicts}), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
