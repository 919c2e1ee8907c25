"""``python -m newsevents``: the same command line as the ``newsevents`` script."""

from .cli import main

if __name__ == "__main__":
    main()
