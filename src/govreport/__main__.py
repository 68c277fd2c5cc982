"""``python -m govreport``: the same as the ``govreport`` command."""

import sys

from govreport.cli import main

sys.exit(main())
