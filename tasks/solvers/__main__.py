"""``python -m tasks.solvers``: run every hand-written solver on its task; exit 1 if any is wrong."""

import sys

from tasks.solvers import check_solvers, load_solvers


def main() -> int:
    checks = check_solvers(load_solvers())
    for check in checks:
        print(check)
    correct = sum(check.correct for check in checks)
    print(f"{correct}/{len(checks)} solvers correct")
    return 0 if correct == len(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
