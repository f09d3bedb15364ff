"""``python -m liftbalance`` runs the same CLI as the ``liftbalance`` console script."""

from liftbalance.cli import main

if __name__ == "__main__":
    main()
