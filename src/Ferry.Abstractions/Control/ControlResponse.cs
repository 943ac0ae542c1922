namespace Ferry.Abstractions.Control;

/// <summary>The host's answer to a <see cref="ControlRequest"/>: <c>{"ok":true,...}</c> or <c>{"ok":false,"error":"one line"}</c>.</summary>
public sealed record ControlResponse
{
    public bool Ok { get; init; }

    /// <summary>Why the request failed, one line.</summary>
    public string? Error { get; init; }

    // status
    public string? Id { get; init; }
    public string? State { get; init; }
    public int? Pid { get; init; }

    /// <summary>Status: the app is frozen by a checkpoint with Hold (a move under way), waiting for a Release.</summary>
    public bool? Held { get; init; }

    /// <summary>Status: the bytes allocated on the host's managed heap (the app's objects and the host's own) — what an image of it may come to.</summary>
    public long? HeapBytes { get; init; }

    // checkpoint
    public string? Image { get; init; }
    public long? ImageBytes { get; init; }

    /// <summary>How long the app was stopped for the checkpoint, in milliseconds.</summary>
    public double? PauseMs { get; init; }

    /// <summary>Checkpoint: whether the app goes on running.</summary>
    public bool? Running { get; init; }

    /// <summary>Checkpoint behind the front: per front connection id, the bytes the app had written (what the front drains).</summary>
    public Dictionary<ulong, long>? FromBackend { get; init; }

    // listeners
    public IReadOnlyList<FrontedListener>? Listeners { get; init; }

    // pre-copy rounds (the image fields above say where and how big)

    /// <summary>Raw bytes of the round's object graph (before compression).</summary>
    public long? RawBytes { get; init; }

    /// <summary>Objects the app changed since the previous round: the caller watches this shrink.</summary>
    public int? Changed { get; init; }

    /// <summary>Objects the round sent for the first time.</summary>
    public int? NewObjects { get; init; }

    /// <summary>Objects left for a later round (read while the app changed them).</summary>
    public int? Pending { get; init; }

    /// <summary>Final round: a full image was written instead (the rounds before it are not needed).</summary>
    public bool? Full { get; init; }

    // standby rounds and go (also NewObjects, Changed, RawBytes above)

    /// <summary>Standby: how long reading the round (or the go, until the app ran) took, in milliseconds.</summary>
    public double? ElapsedMs { get; init; }

    public static ControlResponse Failure(string error) => new() { Ok = false, Error = error };
}
