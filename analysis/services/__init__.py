"""Use cases the CLI, the dashboard and notebooks all call: they join the store with the rest."""
