"""Handing a family over to a person: the Pyydä apua queue, Apua huoliin hours, the staff workflow."""
