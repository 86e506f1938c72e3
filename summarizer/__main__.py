from summarizer.cli.main import main

raise SystemExit(main())
