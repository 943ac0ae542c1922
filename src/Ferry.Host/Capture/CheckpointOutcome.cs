namespace Ferry.Host.Capture;

/// <summary>What a checkpoint produced: the image's size and how long the app was stopped.</summary>
/// <param name="FromBackend">Fronted connections: bytes the app had written, per front connection id.</param>
internal sealed record CheckpointOutcome(long ImageBytes, TimeSpan Pause, IReadOnlyDictionary<ulong, long> FromBackend);
