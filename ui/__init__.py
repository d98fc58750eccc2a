"""Gradio web UI: the family chat at ``/`` and the staff console at ``/staff``, mounted on the API app."""
