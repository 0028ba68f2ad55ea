"""A join-code guesser for the throttling tests: one process trying wrong codes at once.

    WARGAME_SEAT_CLIENT=ADDRESS python guesser.py URL TABLE COUNT START_FILE

Prints `ready`, waits for START_FILE to exist (so that every guesser starts at the same
moment), tries COUNT random wrong codes as a seat process would (`Table.join`), and prints
`{"refused": R, "throttled": T}`: how many codes the store checked, and how many it made wait.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from wargame.table import JoinRefused, Table, new_code, open_store
from wargame.table.replica import THROTTLED


def main(argv: list[str]) -> int:
    url, table_id, count, start = argv[0], argv[1], int(argv[2]), Path(argv[3])
    store = open_store(url)
    print("ready", flush=True)
    while not start.exists():
        time.sleep(0.005)
    outcome = {"refused": 0, "throttled": 0}
    for _ in range(count):
        try:
            Table.join(store, table_id, new_code())
        except JoinRefused as refused:
            outcome["throttled" if str(refused) == THROTTLED else "refused"] += 1
    store.close()
    print(json.dumps(outcome), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
