"""``python -m estimators``: see :mod:`estimators.cli`."""

import sys

from .cli import main

sys.exit(main())
