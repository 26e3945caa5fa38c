from nmt_course.cli import main

raise SystemExit(main())
