using System.Text.Json;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// What bwrap reports about a running sandbox (its --info-fd output, kept in the instance state directory
/// as sandbox.json): above all "child-pid", the host pid of the sandbox's init (pid 1 inside, the
/// command's parent). Inside, a process only knows namespace pids, so this is how the host learns a host
/// pid to record: it lives exactly as long as the sandbox, and SIGKILL to it ends every process in there
/// (other signals are ignored by a namespace init). bwrap writes the file before the command starts.
/// </summary>
public static class SandboxInfo
{
    public const string FileName = "sandbox.json";

    /// <summary>Set inside the sandbox to the path of the info file.</summary>
    public const string FileVariable = "FERRY_SANDBOX_INFO";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    /// <summary>The sandbox init's host pid from an info file; null when the file is missing or incomplete.</summary>
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

    /// <summary>Inside a sandbox: the host pid of its init (from FERRY_SANDBOX_INFO); null when not sandboxed.</summary>
    public static int? SandboxHostPid() =>
        Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file ? ReadChildPid(file) : null;
}
