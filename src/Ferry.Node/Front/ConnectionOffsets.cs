namespace Ferry.Node.Front;

/// <summary>How far both directions of one front connection have come, in bytes.</summary>
public readonly record struct ConnectionOffsets(ulong ConnectionId, long ToBackend, long FromBackend);
