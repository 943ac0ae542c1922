using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// Runs a command (the environment host) inside bubblewrap as a <see cref="SandboxSpec"/> describes, with
/// its cgroup limits. Whether bwrap is usable is found once per executable by a real run and cached.
/// Where it is not (no binary, no namespaces), the command runs with interception only and the launch
/// carries one warning line; FERRY_SANDBOX=off skips the sandbox, FERRY_SANDBOX=require refuses to run
/// without it.
/// </summary>
public sealed class BubblewrapSandbox
{
    public const string ModeVariable = "FERRY_SANDBOX";

    /// <summary>Set inside the sandbox to the host pid of bwrap itself (the process the launcher started).</summary>
    public const string OuterPidVariable = "FERRY_SANDBOX_PID";

    /// <summary>
    /// The wrapper run by /bin/sh: $1 = the info file bwrap reports to on fd 3 (empty: none), $2 = the
    /// file-size limit in 512-byte blocks (empty: none), $3 = how many cgroups, then their cgroup.procs
    /// files, then the command. It joins each cgroup with its own pid, sets RLIMIT_FSIZE (soft and hard:
    /// without CAP_SYS_RESOURCE, dropped in bwrap, nothing inside can raise it again) and ignores SIGXFSZ
    /// (an ignored disposition survives exec, so a write past the limit fails with EFBIG instead of
    /// killing the writer), then execs the command: the whole tree starts inside its limits.
    /// </summary>
    private const string WrapperScript =
        "info=$1; blocks=$2; n=$3; shift 3; " +
        "while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n - 1)); done; " +
        "if [ -n \"$blocks\" ]; then trap '' XFSZ; ulimit -f \"$blocks\" || exit 125; fi; " +
        "export " + OuterPidVariable + "=$$; " +
        "if [ -n \"$info\" ]; then exec 3> \"$info\" || exit 125; fi; " +
        "exec \"$@\"";

    /// <summary>The descriptor the wrapper opens the info file on, for bwrap's --info-fd.</summary>
    private const int InfoFd = 3;

    private static readonly ConcurrentDictionary<string, Lazy<BubblewrapProbe>> Probes = new();

    private readonly ILogger _logger;
    private readonly string? _bubblewrapPath;
    private readonly CgroupLimiter _limiter;

    /// <param name="mode">null: from FERRY_SANDBOX.</param>
    /// <param name="bubblewrapPath">null: bwrap found on PATH.</param>
    public BubblewrapSandbox(ILogger? logger = null, SandboxMode? mode = null, string? bubblewrapPath = null)
    {
        _logger = logger ?? NullLogger.Instance;
        Mode = mode ?? ReadMode(Environment.GetEnvironmentVariable(ModeVariable));
        _bubblewrapPath = bubblewrapPath;
        _limiter = new CgroupLimiter(_logger);
    }

    public SandboxMode Mode { get; }

    /// <summary>FERRY_SANDBOX's value: unset/empty/auto, off, require.</summary>
    public static SandboxMode ReadMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => SandboxMode.Auto,
        "off" or "0" or "false" => SandboxMode.Off,
        "require" or "required" => SandboxMode.Require,
        _ => throw new SandboxException($"{ModeVariable} must be auto, off or require, not '{value}'"),
    };

    /// <summary>Find bwrap and run it once with the sandbox's namespaces; cached per executable for the process's lifetime.</summary>
    public BubblewrapProbe Probe()
    {
        var path = _bubblewrapPath ?? FindOnPath("bwrap");
        if (path is null) return new BubblewrapProbe(null, null, "bwrap (package bubblewrap) is not installed");
        return Probes.GetOrAdd(path, p => new Lazy<BubblewrapProbe>(() => RunProbe(p))).Value;
    }

    /// <summary>
    /// Wrap <paramref name="command"/> (its FileName and ArgumentList) so it runs in the sandbox; its
    /// environment, redirections and the like are kept. Throws <see cref="SandboxException"/> for a bad
    /// spec, or when FERRY_SANDBOX=require and bubblewrap is unavailable.
    /// </summary>
    public SandboxLaunch Prepare(SandboxSpec spec, ProcessStartInfo command)
    {
        SandboxSpecValidator.Validate(spec);
        if (command.UseShellExecute || !string.IsNullOrEmpty(command.Arguments))
            throw new SandboxException("a sandboxed command takes its arguments in ArgumentList, without shell execution");

        var warnings = new List<string>();
        var sandboxed = false;
        var inner = new List<string> { command.FileName };
        inner.AddRange(command.ArgumentList);
        var run = inner;
        var runtimeVariables = BubblewrapArguments.RuntimeVariables(spec.Limits);
        if (Mode == SandboxMode.Off)
        {
            _logger.LogInformation("sandbox off ({Variable}=off): {Instance} runs with interception only", ModeVariable, spec.InstanceName);
        }
        else
        {
            var probe = Probe();
            if (!probe.Available)
            {
                if (Mode == SandboxMode.Require)
                    throw new SandboxException($"sandbox required ({ModeVariable}=require) but unavailable: {probe.Problem}");
                Warn(warnings, $"sandbox unavailable ({probe.Problem}): running with interception only");
            }
            else
            {
                run = [probe.Path!, .. BubblewrapArguments.Build(spec, SandboxSystemFiles.GeneratedEtc(), inner, runtimeVariables, InfoFd)];
                sandboxed = true;
            }
        }
        // Without bwrap the limits still apply (the wrapper sets them), so the runtime must hear of them too.
        if (!sandboxed)
            foreach (var (name, value) in runtimeVariables) command.Environment[name] = value;

        var cgroup = _limiter.TryCreate(spec.InstanceName, spec.Limits, out var problem);
        if (problem is not null) Warn(warnings, problem);

        command.FileName = "/bin/sh";
        command.ArgumentList.Clear();
        var infoFile = sandboxed ? SandboxInfo.PathIn(spec.StateDirectory) : null;
        foreach (var a in new[] { "-c", WrapperScript, "ferry-sandbox", infoFile ?? "", FileSizeBlocks(spec.Limits) }) command.ArgumentList.Add(a);
        var procs = cgroup?.ProcsFiles ?? [];
        command.ArgumentList.Add(procs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var file in procs) command.ArgumentList.Add(file);
        foreach (var a in run) command.ArgumentList.Add(a);
        if (sandboxed)
        {
            // bwrap starts in a host directory that may not exist inside; --chdir sets the inner one.
            command.WorkingDirectory = "/";
        }
        return new SandboxLaunch(command, sandboxed, cgroup, warnings, infoFile);
    }

    /// <summary>
    /// The file-size limit as `ulimit -f` takes it (POSIX: 512-byte blocks), rounded up so that a file of
    /// exactly the limit, which the interception layer allows, is never refused by the kernel; empty: none.
    /// </summary>
    internal static string FileSizeBlocks(SandboxLimits limits) =>
        limits.FileSizeBytes is { } bytes ? ((bytes + 511) / 512).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private void Warn(List<string> warnings, string line)
    {
        _logger.LogWarning("{Warning}", line);
        warnings.Add(line);
    }

    private static BubblewrapProbe RunProbe(string path)
    {
        var version = Run(path, ["--version"], out _)?.Trim();
        var generatedEtc = SandboxSystemFiles.GeneratedEtc();
        List<string> args = [.. BubblewrapArguments.Isolation(), .. SandboxSystemFiles.Arguments(generatedEtc), .. BubblewrapArguments.KernelFileSystems(), "--", "true"];
        var output = Run(path, args, out var exitCode);
        if (output is null) return new BubblewrapProbe(path, version, $"{path} cannot be run");
        if (exitCode != 0)
        {
            var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {exitCode}";
            return new BubblewrapProbe(path, version, $"bwrap fails here: {first}");
        }
        return new BubblewrapProbe(path, version, null);
    }

    /// <summary>Run to the end (10 s at most); stdout and stderr together, null when it cannot start.</summary>
    private static string? Run(string file, IEnumerable<string> args, out int exitCode)
    {
        exitCode = -1;
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return "bwrap did not finish within 10 s";
            }
            exitCode = process.ExitCode;
            return stdout + stderr.Result;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
