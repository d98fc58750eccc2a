"""The evaluators' tool (``perhekeskus eval-ui``): run test sets, ask by hand, rate replies.

Only :mod:`assistant.evalui.app` and :mod:`assistant.evalui.launch` touch Gradio, and only when the command
runs: nothing here is imported by the server."""
