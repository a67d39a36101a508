"""Orchestration: the ``ReviewAnalyzer`` front class, its result, and progress reporting."""

from analysis.pipeline.analyzer import AnalysisResult, ReviewAnalyzer, analyze
from analysis.pipeline.progress import Progress, TqdmProgress, no_progress

__all__ = ["AnalysisResult", "Progress", "ReviewAnalyzer", "TqdmProgress", "analyze", "no_progress"]
