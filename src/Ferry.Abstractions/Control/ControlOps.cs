namespace Ferry.Abstractions.Control;

/// <summary>The operations a host answers on its control socket.</summary>
public static class ControlOps
{
    /// <summary>Write an image; then stop (exit 75) unless <see cref="ControlRequest.LeaveRunning"/>.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>End the instance now.</summary>
    public const string Kill = "kill";

    /// <summary>
    /// After a checkpoint with <see cref="ControlRequest.Hold"/>: let the frozen app run on
    /// (<see cref="ControlRequest.Resume"/>) or end it as checkpointed (a move handed it to another node).
    /// </summary>
    public const string Release = "release";

    /// <summary>Report id, pid and state.</summary>
    public const string Status = "status";

    /// <summary>The app's listeners behind the node's front (<see cref="ControlResponse.Listeners"/>).</summary>
    public const string Listeners = "listeners";

    /// <summary>Pre-copy: start tracking the app's writes and write the base round to <see cref="ControlRequest.Image"/>.</summary>
    public const string PreCopyBegin = "precopy-begin";

    /// <summary>Pre-copy: write what changed since the previous round to <see cref="ControlRequest.Image"/>.</summary>
    public const string PreCopyRound = "precopy-round";

    /// <summary>
    /// Pre-copy: stop at the barrier, write the final round; then stop (exit 75) unless <see cref="ControlRequest.LeaveRunning"/>,
    /// or stay frozen with <see cref="ControlRequest.Hold"/> until a <see cref="Release"/> — as <see cref="Checkpoint"/> (and
    /// <see cref="ControlRequest.ToBackend"/> / <see cref="ControlResponse.FromBackend"/> behind the front).
    /// </summary>
    public const string PreCopyFinal = "precopy-final";

    /// <summary>Pre-copy: give up; tracking off, the app untouched.</summary>
    public const string PreCopyAbort = "precopy-abort";

    /// <summary>
    /// Standby host (a warm migration target, <c>Ferry.Host restore --standby</c>): read one pre-copy round from
    /// <see cref="ControlRequest.Image"/> into the waiting graph, while the app still runs on the source.
    /// </summary>
    public const string StandbyRound = "standby-round";

    /// <summary>
    /// Standby host: read <see cref="ControlRequest.Image"/> — the final round, or a full image (a stop-and-copy) —
    /// open the environment, put back statics, runtime state, resources and threads, and run the app; answered
    /// once it runs.
    /// </summary>
    public const string StandbyGo = "standby-go";

    /// <summary>Standby host: give up; the process exits, nothing of the app ran.</summary>
    public const string StandbyAbort = "standby-abort";

    /// <summary>The state a standby host reports (<see cref="Status"/>) until its go: loaded, waiting for rounds.</summary>
    public const string StandbyState = "standby";
}
