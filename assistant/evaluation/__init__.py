"""Answer test sets: loading, running through the full assistant, metrics, reports and the gate."""
