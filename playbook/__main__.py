import sys

from playbook.cli.commands import main

sys.exit(main())
