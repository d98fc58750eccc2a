"""Text analysis: normalisation, Finnish lemmas and compound parts, language detection."""

from assistant.text.analyzer import Analyzer, SnowballAnalyzer, VoikkoAnalyzer, build_analyzer
from assistant.text.lang import detect_language

__all__ = ["Analyzer", "SnowballAnalyzer", "VoikkoAnalyzer", "build_analyzer", "detect_language"]
