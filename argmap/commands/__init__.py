"""Commands that live in a module of their own; :data:`argmap.cli.LAZY_COMMANDS` lists them."""
