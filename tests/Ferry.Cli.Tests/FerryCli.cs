using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary>
/// The real <c>ferry</c> (the built CLI, started as a process, starting real hosts) against a FERRY_HOME
/// of its own. Disposing kills whatever instance still runs and deletes the home.
/// </summary>
public sealed class FerryCli : IDisposable
{
    public FerryCli()
    {
        Directory.CreateDirectory(HomeDir);
        // ferry demo looks for SAMPLES/Tally/Tally.dll, as ./ferry lays them out.
        Directory.CreateDirectory(SamplesDir);
        Directory.CreateSymbolicLink(Path.Combine(SamplesDir, "Counter"), Path.GetDirectoryName(Counter)!);
        Directory.CreateSymbolicLink(Path.Combine(SamplesDir, "Tally"), Path.GetDirectoryName(Tally)!);
    }

    public string HomeDir { get; } = Path.Combine(Path.GetTempPath(), "ferry-cli-" + Guid.NewGuid().ToString("N")[..10]);
    public string SamplesDir => Path.Combine(HomeDir, "samples");
    public FerryHome Home => new(HomeDir);
    public InstanceStore Store => new(Home);

    public static string Hello => RecordedPath.Of("Hello");
    public static string Counter => RecordedPath.Of("Counter");
    public static string Tally => RecordedPath.Of("Tally");

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>(Extra)
    {
        [FerryHome.EnvironmentVariable] = HomeDir,
        ["FERRY_SAMPLES"] = SamplesDir,
    };

    /// <summary>More variables for every ferry this runs (e.g. FERRY_FAULT for the node it starts).</summary>
    public Dictionary<string, string?> Extra { get; } = [];

    public ProcessResult Run(params string[] args) => DotnetProcess.Run(RecordedPath.Of("ferry"), args, Environment);

    /// <summary>Run, allowing <paramref name="timeout"/> (a move that meets a fault may wait out its peers).</summary>
    public ProcessResult Run(TimeSpan timeout, params string[] args) => DotnetProcess.Run(RecordedPath.Of("ferry"), args, Environment, timeout);

    /// <summary>Run ferry inside <paramref name="network"/> (as on another host).</summary>
    public ProcessResult RunIn(NetworkNamespace network, params string[] args) =>
        DotnetProcess.Run(RecordedPath.Of("ferry"), args, Environment, launcher: network.Launcher);

    /// <summary>Run and require exit code 0.</summary>
    public string Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, $"ferry {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }

    /// <summary><c>ferry run --detach</c>; returns the id once the instance runs.</summary>
    public string StartDetached(params string[] runArgs)
    {
        var id = Ok(["run", "--detach", .. runArgs]).Trim();
        Assert.True(InstanceId.IsWellFormed(id), $"not an id: '{id}'");
        return id;
    }

    public JsonElement Ps()
    {
        using var doc = JsonDocument.Parse(Ok("ps", "--json"));
        return doc.RootElement.Clone();
    }

    public JsonElement PsRow(string id) => Ps().EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);

    public string State(string id) => PsRow(id).GetProperty("state").GetString()!;

    /// <summary>Wait until the instance has printed <paramref name="text"/>.</summary>
    public void WaitForOutput(string id, string text) =>
        Eventually.True(() => Ok("logs", id).Contains(text, StringComparison.Ordinal), $"{id} printed \"{text}\"");

    /// <summary>Processes working under this home (hosts, their sandboxes, nodes), by pid.</summary>
    public IReadOnlyList<int> ProcessesUnderHome()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == System.Environment.ProcessId) continue;
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                // A path under the home, or the home itself as an argument (a node's --home DIR): cmdline ends each
                // argument with NUL, here a space.
                if (command.Contains(HomeDir + "/", StringComparison.Ordinal) || command.Contains(HomeDir + " ", StringComparison.Ordinal)) pids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return pids;
    }

    public IReadOnlyList<string> InstanceDirs() =>
        Directory.Exists(Home.InstancesDir) ? Directory.GetDirectories(Home.InstancesDir) : [];

    public void Dispose()
    {
        // End every process still working under this home (hosts, their sandboxes, nodes) — found by their command
        // lines, never by the pids in instance records: a record a killed node left says "running" with a pid that
        // may by now belong to another test's process (killing it made parallel tests fail at random).
        foreach (var pid in ProcessesUnderHome())
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
        try
        {
            Directory.Delete(HomeDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
