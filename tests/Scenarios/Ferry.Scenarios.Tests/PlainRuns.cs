using System.Collections.Concurrent;

namespace Ferry.Scenarios.Tests;

/// <summary>Plain runs (`dotnet Name.dll`), cached per test run: they are the reference transcripts.</summary>
public static class PlainRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ProcessResult>>> s_cache = new();
    private static int s_runs;

    public static Task<ProcessResult> GetAsync(ScenarioInfo s) =>
        s_cache.GetOrAdd(s.Name, _ => new Lazy<Task<ProcessResult>>(() => RunAsync(s))).Value;

    public static async Task<ProcessResult> RunAsync(ScenarioInfo s)
    {
        await ScenarioBuild.EnsureBuiltAsync(s);
        // Its own directory each time: test classes run in parallel, so two plain runs may overlap.
        string dir = WorkDirs.Create(s.Name, "plain-" + Interlocked.Increment(ref s_runs));
        ProcessResult r = await ProcessGate.RunAsync(() => ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [s.Dll], dir, null, ScenarioSettings.Timeout));
        WorkDirs.Remove(dir);
        return r;
    }

    /// <summary>The reference run; fails the test if the program's own self-check failed.</summary>
    public static async Task<ProcessResult> ExpectedAsync(ScenarioInfo s)
    {
        ProcessResult r = await GetAsync(s);
        if (r.TimedOut) Assert.Fail($"{s.Name}: plain run timed out after {ScenarioSettings.Timeout}");
        if (r.ExitCode != 0)
            Assert.Fail($"{s.Name}: plain run exited {r.ExitCode} (self-check failed)\nstderr:\n{r.StderrTail()}");
        return r;
    }
}

/// <summary>Per-run scratch directories under FERRY_SCENARIO_WORKDIR.</summary>
public static class WorkDirs
{
    private static readonly string s_session = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Environment.ProcessId;

    public static string SessionRoot => Path.Combine(ScenarioSettings.WorkRoot, s_session);

    public static string Create(string scenario, string label)
    {
        string dir = Path.Combine(SessionRoot, scenario, label);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Remove(string dir)
    {
        if (ScenarioSettings.KeepAll) return;
        try
        {
            ScenarioHomes.RemoveLinked(dir);
            Directory.Delete(dir, recursive: true);
            // Drop the scenario and session directories too once nothing is kept in them.
            for (string? parent = Path.GetDirectoryName(dir); parent is not null && parent.StartsWith(SessionRoot, StringComparison.Ordinal); parent = Path.GetDirectoryName(parent))
            {
                if (Directory.EnumerateFileSystemEntries(parent).Any()) break;
                Directory.Delete(parent);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
