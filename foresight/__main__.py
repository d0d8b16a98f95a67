from foresight.cli import main

raise SystemExit(main())
