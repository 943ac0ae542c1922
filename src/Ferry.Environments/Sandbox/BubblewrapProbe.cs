namespace Ferry.Environments.Sandbox;

/// <summary>Whether bubblewrap works on this machine, found by running it once (see <see cref="BubblewrapSandbox.Probe"/>).</summary>
/// <param name="Path">The bwrap executable; null when none was found.</param>
/// <param name="Version">What `bwrap --version` printed (e.g. "bubblewrap 0.8.0").</param>
/// <param name="Problem">Why it cannot be used, in one line; null when it can.</param>
public sealed record BubblewrapProbe(string? Path, string? Version, string? Problem)
{
    public bool Available => Problem is null;
}
