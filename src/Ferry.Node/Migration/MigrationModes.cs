namespace Ferry.Node.Migration;

/// <summary>How a move's state travelled (<see cref="MigrationReport.Mode"/>).</summary>
public static class MigrationModes
{
    /// <summary>The heap in rounds while the app ran; stopped only for the final round.</summary>
    public const string PreCopy = "pre-copy";

    /// <summary>The app stopped for its whole image.</summary>
    public const string StopAndCopy = "stop-and-copy";
}
