using System.Diagnostics;

namespace Ferry.Bench.Migration;

/// <summary>The ferry CLI run as a process against one FERRY_HOME (one node's worth of state).</summary>
public sealed class FerryCommand(string ferry, string home)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    public string Home => home;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string OneLine => Stderr.Trim().Split('\n')[^1];
    }

    public Result Run(params string[] args)
    {
        var start = new ProcessStartInfo(ferry)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["FERRY_HOME"] = home;
        // Apps are woven with write barriers (the default now; set so the harness says what it measures), so one woven
        // app can move either way.
        start.Environment["FERRY_WRITE_BARRIERS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {ferry}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ferry {string.Join(' ', args)} did not finish in {s_timeout}");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Run and require exit code 0; returns stdout.</summary>
    public string Ok(params string[] args)
    {
        var result = Run(args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"ferry {string.Join(' ', args)} (home {home}): {result.Stderr.Trim()}");
        return result.Stdout;
    }

    /// <summary>The checkout's ./ferry (it builds the CLI in Release when a source changed), found above this harness.</summary>
    public static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ferry")) && File.Exists(Path.Combine(dir.FullName, "Ferry.sln")))
                return Path.Combine(dir.FullName, "ferry");
        throw new FileNotFoundException("no ./ferry above the harness; pass --ferry PATH");
    }
}
