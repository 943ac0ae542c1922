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
}
