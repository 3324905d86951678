"""``python -m graphs.run``: the search's command line (see ``graphs.cli``)."""

import sys

from graphs.cli.run import main

if __name__ == "__main__":
    sys.exit(main())
