namespace Ferry.Node.Migration;

/// <summary>
/// The working directory of one move on the source (<c>node/moves/ID-GUID</c>): the state bundle (image, output
/// log, exported environment) is assembled here and sent from here. Deleted when the move ends, either way.
/// </summary>
public sealed class MoveStaging : IDisposable
{
    public MoveStaging(string nodeDir, string instanceId)
    {
        Dir = Path.Combine(nodeDir, "moves", $"{instanceId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(State);
    }

    public string Dir { get; }

    /// <summary>The directory sent as the state bundle.</summary>
    public string State => Path.Combine(Dir, "state");

    public static string ImageIn(string state) => Path.Combine(state, "image.ferry");
    public static string OutputLogIn(string state) => Path.Combine(state, "output.log");
    public static string EnvironmentIn(string state) => Path.Combine(state, "env");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next start's sweep; a move never fails for its own clean-up.
        }
    }
}
