"""`python -m cypp_desktop` behaves exactly like the `cypp-desktop` command."""

import sys

from cypp_desktop.cli import main

sys.exit(main())
