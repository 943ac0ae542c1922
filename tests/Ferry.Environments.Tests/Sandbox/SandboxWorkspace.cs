using System.Diagnostics;
using Ferry.Environments.Sandbox;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>
/// Host directories for one sandbox test, under a fresh temporary root: two environments (the second one
/// must stay invisible), an instance state directory and a directory outside every bind.
/// </summary>
internal sealed class SandboxWorkspace : IDisposable
{
    public SandboxWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), $"ferry-sbx-{Guid.NewGuid():N}");
        foreach (var dir in new[] { Environment, OtherEnvironment, State, Outside }) Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(OtherEnvironment, "secret"), "other environment's secret");
        File.WriteAllText(Path.Combine(Outside, "secret"), "host secret");
    }

    public string Root { get; }

    public string Environment => Path.Combine(Root, "env-a");

    public string OtherEnvironment => Path.Combine(Root, "env-b");

    public string State => Path.Combine(Root, "state");

    public string Outside => Path.Combine(Root, "outside");

    /// <summary>A spec for env-a: the probe program's directory bound read-only, as an app directory would be.</summary>
    public SandboxSpec Spec(string? hostName = "ferry-box") => new()
    {
        EnvironmentDirectory = Environment,
        StateDirectory = State,
        RuntimeDirectory = ProbeProgram.DotnetRoot,
        FerryDirectory = AppContext.BaseDirectory,
        Binds = [SandboxBind.ReadOnly(Path.GetDirectoryName(ProbeProgram.Assembly)!)],
        HostName = hostName,
        InstanceName = "test-" + Path.GetFileName(Root)[^8..],
    };

    /// <summary>Run `sh -c script` in the sandbox described by <paramref name="spec"/>.</summary>
    public static SandboxResult Shell(SandboxSpec spec, string script) => Run(spec, "/bin/sh", "-c", script);

    /// <summary>Run the probe program (`dotnet Probe.dll args...`) in the sandbox.</summary>
    public static SandboxResult Probe(SandboxSpec spec, params string[] args) => Run(spec, [ProbeProgram.Dotnet, ProbeProgram.Assembly, .. args]);

    public static SandboxResult Run(SandboxSpec spec, params string[] command)
    {
        var launch = Prepare(spec, command);
        Assert.True(launch.IsSandboxed, string.Join(" | ", launch.Warnings));
        using var process = launch.Start();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the sandboxed command did not end: {string.Join(' ', command)}");
        }
        process.WaitForExit();
        return new SandboxResult(process.ExitCode, stdout, stderr.Result, launch);
    }

    public static SandboxLaunch Prepare(SandboxSpec spec, params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        return new BubblewrapSandbox(mode: SandboxMode.Require).Prepare(spec, start);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
