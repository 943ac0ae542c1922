using System.Text.Json;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// What bwrap reports about a running sandbox (its --info-fd output, kept in the instance state directory
/// as sandbox.json): above all "child-pid", the host pid of the sandboxed command. Inside the sandbox a
/// process only knows its namespace pid (Ferry.Host is pid 1 there), so this is how the host learns the
/// pid the CLI must record. bwrap writes it before it lets the command start.
/// </summary>
public static class SandboxInfo
{
    public const string FileName = "sandbox.json";

    /// <summary>Set inside the sandbox to the path of the info file.</summary>
    public const string FileVariable = "FERRY_SANDBOX_INFO";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    /// <summary>The sandboxed command's host pid from an info file; null when the file is missing or incomplete.</summary>
    public static int? ReadChildPid(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.TryGetProperty("child-pid", out var pid) && pid.TryGetInt32(out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Inside a sandbox: this process's host pid (from FERRY_SANDBOX_INFO); null when not sandboxed.</summary>
    public static int? OwnHostPid() =>
        Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file ? ReadChildPid(file) : null;
}
