using System.Globalization;
using System.Text.RegularExpressions;

namespace Ferry.Scenarios.Tests;

/// <summary>Knobs of the capture-suite runner, all read from environment variables.</summary>
public static class ScenarioSettings
{
    /// <summary>FERRY_SCENARIO_FILTER: a regex (case-insensitive) on scenario names.</summary>
    public static Regex? Filter { get; } = ReadRegex("FERRY_SCENARIO_FILTER");

    /// <summary>FERRY_SCENARIO_MAX_POINTS: upper bound on checkpoint points per scenario (quick runs).</summary>
    public static int? MaxPoints { get; } = ReadInt("FERRY_SCENARIO_MAX_POINTS");

    /// <summary>FERRY_SCENARIO_POINTS: an explicit comma-separated list of N to test (reproducing one failure).</summary>
    public static IReadOnlyList<long>? Points { get; } =
        Environment.GetEnvironmentVariable("FERRY_SCENARIO_POINTS") is { Length: > 0 } p
            ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
               .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).Distinct().Order().ToList()
            : null;

    /// <summary>
    /// FERRY_SCENARIO_SWEEP=full: the full sweep (every safe point up to 400, 24 spread points for large
    /// scenarios) instead of CI's default of 12 points per scenario. The two settings below override it.
    /// </summary>
    public static bool FullSweep { get; } = Environment.GetEnvironmentVariable("FERRY_SCENARIO_SWEEP") == "full";

    /// <summary>
    /// FERRY_SCENARIO_SMALL_CAP: scenarios are tested at every safe point up to this many, at this many spread
    /// points beyond it (default 12, which keeps CI's whole run well inside its budget; 400 in the full sweep).
    /// </summary>
    public static int SmallCap { get; } = ReadInt("FERRY_SCENARIO_SMALL_CAP") ?? (FullSweep ? 400 : 12);

    /// <summary>FERRY_SCENARIO_LARGE_POINTS: spread points for large scenarios (default 12; 24 in the full sweep).</summary>
    public static int LargePoints { get; } = ReadInt("FERRY_SCENARIO_LARGE_POINTS") ?? (FullSweep ? 24 : 12);

    /// <summary>
    /// FERRY_SCENARIO_PARALLEL: scenario processes running at the same time, across all test classes (default:
    /// cores + 1 — a ferry call keeps about two thirds of a core busy, the rest is process start-up and waiting).
    /// </summary>
    public static int Parallel { get; } = Math.Max(1, ReadInt("FERRY_SCENARIO_PARALLEL") ?? Environment.ProcessorCount + 1);

    /// <summary>FERRY_SCENARIO_TIMEOUT: seconds one ferry/dotnet process may take (default 120).</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(ReadInt("FERRY_SCENARIO_TIMEOUT") ?? 120);

    /// <summary>FERRY_SCENARIO_FIRST_TIMEOUT: seconds for the first ferry call, which may build the launcher (default 900).</summary>
    public static TimeSpan FirstTimeout { get; } = TimeSpan.FromSeconds(ReadInt("FERRY_SCENARIO_FIRST_TIMEOUT") ?? 900);

    /// <summary>FERRY_SCENARIO_MAX_FAILURES: stop testing a scenario after this many failing points (default 5).</summary>
    public static int MaxFailures { get; } = Math.Max(1, ReadInt("FERRY_SCENARIO_MAX_FAILURES") ?? 5);

    /// <summary>FERRY_SCENARIO_KEEP=1: keep every work directory (default: only failing points' ones).</summary>
    public static bool KeepAll { get; } = Environment.GetEnvironmentVariable("FERRY_SCENARIO_KEEP") == "1";

    /// <summary>FERRY_SCENARIO_NOBUILD=1: do not build tests/Scenarios/Scenarios.proj before running.</summary>
    public static bool NoBuild { get; } = Environment.GetEnvironmentVariable("FERRY_SCENARIO_NOBUILD") == "1";

    /// <summary>FERRY_SCENARIO_WORKDIR: where images and per-point directories go.</summary>
    public static string WorkRoot { get; } =
        Environment.GetEnvironmentVariable("FERRY_SCENARIO_WORKDIR") is { Length: > 0 } w
            ? Path.GetFullPath(w)
            : Path.Combine(Path.GetTempPath(), "ferry-scenarios");

    /// <summary>FERRY_SCENARIO_REPORT: file that gets one summary line per scenario and mode.</summary>
    public static string ReportFile { get; } =
        Environment.GetEnvironmentVariable("FERRY_SCENARIO_REPORT") is { Length: > 0 } r
            ? Path.GetFullPath(r)
            : Path.Combine(RepoPaths.ScenariosDir, "TestResults", "scenario-report.txt");

    /// <summary>FERRY: the launcher to use (default: ./ferry at the repository root).</summary>
    public static string FerryLauncher { get; } =
        Environment.GetEnvironmentVariable("FERRY") is { Length: > 0 } f ? Path.GetFullPath(f) : RepoPaths.Launcher;

    /// <summary>Stopped-after-checkpoint exit code of the test mode (capture-protocol.md, "Test mode").</summary>
    public const int StoppedExitCode = 75;

    private static int? ReadInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static Regex? ReadRegex(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } p ? new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) : null;
}
