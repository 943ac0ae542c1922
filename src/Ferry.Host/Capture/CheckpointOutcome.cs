namespace Ferry.Host.Capture;

/// <summary>What a checkpoint produced: the image's size and how long the app was stopped.</summary>
internal sealed record CheckpointOutcome(long ImageBytes, TimeSpan Pause);
