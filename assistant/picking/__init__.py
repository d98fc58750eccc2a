"""Which curated answer fits a message: a small model learned from helper-written family messages."""

from assistant.picking.model import FEATURES, PickModel

__all__ = ["FEATURES", "PickModel"]
