using System.Collections.Concurrent;
using System.Globalization;

namespace Ferry.Scenarios.Tests;

public enum PointKind { Restored, Refused, NotReached, Failed }

public sealed record PointOutcome(long N, PointKind Kind, string Message, TimeSpan Elapsed);

/// <summary>
/// Drives `./ferry run` and `./ferry restore` in the test mode of docs/capture-protocol.md:
/// FERRY_TEST_CHECKPOINT_AT / _IMAGE / _SAFEPOINT_COUNT / _CHECKPOINT_EVERY / _CHECKPOINT_LIMIT.
/// </summary>
public static class FerryDriver
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<(long Count, ProcessResult Run)>>> s_counts = new();

    public static string Launcher => ScenarioSettings.FerryLauncher;

    /// <summary>Fails (never skips) when the launcher is missing: the Ferry half cannot run without it.</summary>
    public static void RequireLauncher()
    {
        if (!File.Exists(Launcher))
            Assert.Fail(
                $"the ferry launcher is missing: {Launcher} does not exist. The Ferry half of the capture suite " +
                "(checkpoint -> restore in a new process, --leave-running) cannot run until `./ferry run` and " +
                "`./ferry restore` exist (issue 2). The plain half (PlainTests) does not need it. " +
                "Set FERRY=<path> to use another launcher.");
    }

    /// <summary>The variables of every ferry call of one run: its own FERRY_HOME (see <see cref="ScenarioHomes"/>).</summary>
    private static Dictionary<string, string> BaseEnv(string home) => new() { ["FERRY_HOME"] = home };

    private static Task<ProcessResult> FerryAsync(string workDir, Dictionary<string, string> env, params string[] args) =>
        ProcessGate.RunAsync(() => FerryCommand.RunAsync(workDir, env, args));

    /// <summary>
    /// One woven run with FERRY_TEST_SAFEPOINT_COUNT: learns S, and checks that weaving alone
    /// (no checkpoint) leaves transcript and exit code unchanged. Cached per scenario.
    /// </summary>
    public static Task<(long Count, ProcessResult Run)> CountSafePointsAsync(ScenarioInfo s, ProcessResult plain) =>
        s_counts.GetOrAdd(s.Name, _ => new Lazy<Task<(long, ProcessResult)>>(() => CountCoreAsync(s, plain))).Value;

    private static async Task<(long, ProcessResult)> CountCoreAsync(ScenarioInfo s, ProcessResult plain)
    {
        string dir = WorkDirs.Create(s.Name, "count");
        string countFile = Path.Combine(dir, "safepoints.txt");
        string home = ScenarioHomes.Create(s.Name, dir);
        Dictionary<string, string> env = BaseEnv(home);
        env["FERRY_TEST_SAFEPOINT_COUNT"] = countFile;
        ProcessResult run = await FerryAsync(dir, env, "run", s.Dll);
        if (run.TimedOut)
            Assert.Fail($"{s.Name}: `ferry run` with FERRY_TEST_SAFEPOINT_COUNT timed out\nstderr:\n{run.StderrTail()}\n(work dir {dir})");
        string? diff = Transcript.Diff(plain.Stdout, run.Stdout);
        if (diff is not null || run.ExitCode != plain.ExitCode)
            Assert.Fail($"{s.Name}: woven run without any checkpoint differs from the plain run (exit {run.ExitCode}, plain {plain.ExitCode})\n" +
                        (diff ?? "transcript identical") + $"\nstderr:\n{run.StderrTail()}\n(work dir {dir})");
        long? count = ReadCount(countFile);
        if (count is null)
            Assert.Fail($"{s.Name}: `ferry run` with FERRY_TEST_SAFEPOINT_COUNT={countFile} wrote no readable safe-point count\nstderr:\n{run.StderrTail()}\n(work dir {dir})");
        ScenarioHomes.KeepWoven(s.Name, home);
        WorkDirs.Remove(dir);
        return (count.Value, run);
    }

    private static long? ReadCount(string file)
    {
        if (!File.Exists(file)) return null;
        string text = File.ReadAllText(file).Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
    }

    private static bool ImageExists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>Checkpoint at safe point N, stop, restore in a new process; compare with the plain run.</summary>
    /// <param name="intoCopiedEnvironment">
    /// Run in an environment made for this point, and restore into a copy of it (`ferry env copy`): the
    /// restored app must find its files, open ones included, in the copy (issue 3).
    /// </param>
    public static async Task<PointOutcome> CheckpointAtAsync(ScenarioInfo s, ProcessResult plain, long n, long total, bool intoCopiedEnvironment = false)
    {
        var started = DateTime.UtcNow;
        string dir = WorkDirs.Create(s.Name, (intoCopiedEnvironment ? "copied-env-at-" : "at-") + n.ToString(CultureInfo.InvariantCulture));
        string image = Path.Combine(dir, "img");
        string countFile = Path.Combine(dir, "safepoints.txt");
        string home = ScenarioHomes.Create(s.Name, dir);
        Dictionary<string, string> env = BaseEnv(home);
        env["FERRY_TEST_CHECKPOINT_AT"] = n.ToString(CultureInfo.InvariantCulture);
        env["FERRY_TEST_IMAGE"] = image;
        env["FERRY_TEST_SAFEPOINT_COUNT"] = countFile; // written only if the app ends: tells "not reached" from "refused"
        string? ranIn = null;
        if (intoCopiedEnvironment)
        {
            ranIn = "scen-" + Guid.NewGuid().ToString("N")[..12];
            ProcessResult create = await FerryAsync(dir, BaseEnv(home), "env", "create", ranIn);
            if (create.ExitCode != 0)
                return new PointOutcome(n, PointKind.Failed, $"`ferry env create {ranIn}` failed: {create.StderrTail()}", DateTime.UtcNow - started);
        }
        ProcessResult run = ranIn is null ? await FerryAsync(dir, env, "run", s.Dll) : await FerryAsync(dir, env, "run", "--env", ranIn, s.Dll);

        PointOutcome Done(PointKind kind, string message)
        {
            if (kind == PointKind.Failed) message += $"\n  work dir kept: {dir}";
            else WorkDirs.Remove(dir);
            return new PointOutcome(n, kind, message, DateTime.UtcNow - started);
        }

        string where = $"checkpoint at safe point N={n} of S={total}";
        if (run.TimedOut)
            return Done(PointKind.Failed, $"{where}: `ferry run` timed out after {ScenarioSettings.Timeout}\n  run stderr:\n{Indent(run.StderrTail())}");

        bool hasImage = ImageExists(image);
        if (run.ExitCode == ScenarioSettings.StoppedExitCode)
        {
            if (!hasImage)
                return Done(PointKind.Failed, $"{where}: `ferry run` stopped with exit {run.ExitCode} but wrote no image at {image}\n  run stderr:\n{Indent(run.StderrTail())}");
            string[] restoreArgs = ["restore", image];
            if (ranIn is not null)
            {
                string copy = ranIn + "-copy";
                ProcessResult copied = await FerryAsync(dir, BaseEnv(home), "env", "copy", ranIn, copy);
                if (copied.ExitCode != 0)
                    return Done(PointKind.Failed, $"{where}: `ferry env copy {ranIn} {copy}` failed: {copied.StderrTail()}");
                restoreArgs = ["restore", "--env", copy, image];
            }
            ProcessResult restore = await FerryAsync(dir, BaseEnv(home), restoreArgs);
            string context =
                $"\n  run: {Transcript.LineCount(run.Stdout)} lines, exit {run.ExitCode}, {run.Elapsed.TotalSeconds:F1}s; " +
                $"restore: {Transcript.LineCount(restore.Stdout)} lines, exit {restore.ExitCode}, {restore.Elapsed.TotalSeconds:F1}s" +
                $"\n  run stderr:\n{Indent(run.StderrTail())}\n  restore stderr:\n{Indent(restore.StderrTail())}";
            if (restore.TimedOut)
                return Done(PointKind.Failed, $"{where}: `ferry restore` timed out after {ScenarioSettings.Timeout}{context}");
            string? diff = Transcript.Diff(plain.Stdout, run.Stdout + restore.Stdout);
            if (diff is not null)
                return Done(PointKind.Failed, $"{where}: run + restore output differs from the plain run: {diff}{context}");
            if (restore.ExitCode != plain.ExitCode)
                return Done(PointKind.Failed, $"{where}: restore exited {restore.ExitCode}, the plain run exited {plain.ExitCode}{context}");
            return Done(PointKind.Restored, "");
        }

        if (run.ExitCode == plain.ExitCode && !hasImage)
        {
            // The app ran to its end without a checkpoint: refused, or N was never reached in this run.
            string? diff = Transcript.Diff(plain.Stdout, run.Stdout);
            if (diff is not null)
                return Done(PointKind.Failed, $"{where}: no checkpoint was taken and the output differs from the plain run: {diff}\n  run stderr:\n{Indent(run.StderrTail())}");
            long? reached = ReadCount(countFile);
            if (reached is long r && r < n)
            {
                return s.Threads
                    ? Done(PointKind.NotReached, $"this run reached only {r} safe points")
                    : Done(PointKind.Failed, $"{where}: the run reached only {r} safe points (the counting run reached {total}); a single-threaded scenario must count the same every run");
            }
            if (s.MayRefuse) return Done(PointKind.Refused, "");
            string why = reached is null ? " (the run wrote no safe-point count, so 'not reached' cannot be ruled out)" : $" (the run counted {reached} safe points)";
            return Done(PointKind.Failed,
                $"{where}: the checkpoint was not taken — the app finished normally and no image was written{why}; " +
                $"only scenarios with \"mayRefuse\": true in scenario.json may refuse\n  run stderr:\n{Indent(run.StderrTail())}");
        }

        return Done(PointKind.Failed,
            $"{where}: `ferry run` exited {run.ExitCode} (expected {ScenarioSettings.StoppedExitCode} after writing the image, " +
            $"or {plain.ExitCode} if the checkpoint was refused); image {(hasImage ? "written" : "absent")}; " +
            $"{Transcript.LineCount(run.Stdout)} lines printed\n  run stderr:\n{Indent(run.StderrTail())}");
    }

    /// <summary>Checkpoint-and-continue every K safe points (at most 50 times) in one run.</summary>
    public static async Task<(ProcessResult Run, bool ImageWritten, string Dir)> LeaveRunningAsync(ScenarioInfo s, long every, int limit)
    {
        string dir = WorkDirs.Create(s.Name, "leave-running");
        string image = Path.Combine(dir, "img");
        Dictionary<string, string> env = BaseEnv(ScenarioHomes.Create(s.Name, dir));
        env["FERRY_TEST_CHECKPOINT_EVERY"] = every.ToString(CultureInfo.InvariantCulture);
        env["FERRY_TEST_CHECKPOINT_LIMIT"] = limit.ToString(CultureInfo.InvariantCulture);
        env["FERRY_TEST_IMAGE"] = image;
        ProcessResult run = await FerryAsync(dir, env, "run", s.Dll);
        bool written = ImageExists(image) || Directory.EnumerateFileSystemEntries(dir, "img*").Any();
        return (run, written, dir);
    }

    public static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l));
}
