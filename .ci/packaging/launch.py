"""The frozen app's entry script: the same `main` as the `vallei-player` console script."""

import sys

from vallei_player.__main__ import main

sys.exit(main())
