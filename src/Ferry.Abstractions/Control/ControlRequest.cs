namespace Ferry.Abstractions.Control;

/// <summary>
/// One request on a host's control socket (<c>control.sock</c>): one JSON object on one line, e.g.
/// <c>{"op":"checkpoint","image":"/abs/path","leaveRunning":false,"timeoutMs":10000}</c>.
/// The host answers with one <see cref="ControlResponse"/> line.
/// </summary>
public sealed record ControlRequest
{
    /// <summary>One of <see cref="ControlOps"/>.</summary>
    public required string Op { get; init; }

    /// <summary>Checkpoint: absolute path of the image to write.</summary>
    public string? Image { get; init; }

    /// <summary>Checkpoint: keep the app running after the image is written.</summary>
    public bool LeaveRunning { get; init; }

    /// <summary>
    /// Checkpoint: keep the app frozen after the image is written, until a <see cref="ControlOps.Release"/>
    /// says whether it runs on here or ends — a move's handover: the source can still resume until the target
    /// has taken over, and never runs while the target might.
    /// </summary>
    public bool Hold { get; init; }

    /// <summary>Release: true = the held app runs on; false = it ends (checkpointed).</summary>
    public bool Resume { get; init; }

    /// <summary>Checkpoint: how long the barrier may wait for every thread to reach a safe point.</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>
    /// Checkpoint of a host behind the front: per front connection id, the bytes of the client's stream the
    /// front sent before its pause; the image holds each connection stopped at exactly that byte.
    /// </summary>
    public Dictionary<ulong, long>? ToBackend { get; init; }
}
