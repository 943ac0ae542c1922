namespace Ferry.Abstractions.Control;

/// <summary>The operations a host answers on its control socket.</summary>
public static class ControlOps
{
    /// <summary>Write an image; then stop (exit 75) unless <see cref="ControlRequest.LeaveRunning"/>.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>End the instance now.</summary>
    public const string Kill = "kill";

    /// <summary>Report id, pid and state.</summary>
    public const string Status = "status";

    /// <summary>
    /// A host held after a checkpoint for the front (<see cref="ControlResponse.HeldForFront"/>) goes on running:
    /// the move was given up before the target took over.
    /// </summary>
    public const string Resume = "resume";

    /// <summary>The app's listeners behind the node's front (<see cref="ControlResponse.Listeners"/>).</summary>
    public const string Listeners = "listeners";
}
