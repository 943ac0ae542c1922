namespace Ferry.Images.Graph;

/// <summary>What writing an object graph produced.</summary>
public sealed record GraphWriteStats(int ObjectCount, int TypeCount, long RawBytes, IReadOnlyDictionary<string, long> RawBytesByRoot);
