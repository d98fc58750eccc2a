"""The need classifier: which family need (corpus/needs.yaml) a message is about, learned from written messages.

The need matcher alone (``assistant.needs``) takes the need of the nearest description, and a family's long
message sits about as close to many descriptions: 'my partner drinks and we have a baby' came out as the
writer's own substance use, a teenager's 'my parents keep fighting' as fathers' groups. A multinomial logistic
regression over the same e5 vectors learns what tells the needs apart. It is trained on every need's
descriptions and on the messages in ``assistant/needmodel/data/*.jsonl`` (written by helpers who saw only
``corpus/``; label ``[]`` = about no need, the class ``NO_NEED``), by ``perhekeskus needs train``, and shipped as
``classifier.npz``.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
CLASSIFIER_PATH = Path(__file__).with_name("classifier.npz")
NO_NEED = "-"  # the class of messages about no need (questions about the material itself)
