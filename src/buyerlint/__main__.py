from __future__ import annotations

from buyerlint.cli import main

raise SystemExit(main())
