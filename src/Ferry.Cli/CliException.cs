namespace Ferry.Cli;

/// <summary>
/// A failure at the CLI's edge, printed as the one line <c>ferry: &lt;what&gt;: &lt;why&gt;</c> on stderr,
/// with a non-zero exit code.
/// </summary>
internal sealed class CliException(string what, string why, int exitCode = CliException.DefaultExitCode) : Exception($"{what}: {why}")
{
    public const int DefaultExitCode = 1;

    public string What { get; } = what;
    public string Why { get; } = why.ReplaceLineEndings(" ");
    public int ExitCode { get; } = exitCode;

    public string Line => $"ferry: {What}: {Why}";
}
