"""The analysis as a pure transform (reviews frame in, result frames out), its caches, the
result of an analysis and progress reporting. The use case that joins it with the store is
:class:`analysis.services.analyzer.ReviewAnalyzer`."""

from analysis.pipeline.cache import MemoryEmbeddingCache, MemorySentenceCache, SentenceCache
from analysis.pipeline.outputs import AnalysisResult
from analysis.pipeline.progress import Progress, TqdmProgress, no_progress
from analysis.pipeline.transform import AnalysisFrames, AspectSettings, analyze_frame

__all__ = ["AnalysisFrames", "AnalysisResult", "AspectSettings", "MemoryEmbeddingCache",
           "MemorySentenceCache", "Progress", "SentenceCache", "TqdmProgress", "analyze_frame",
           "no_progress"]
