using System.Diagnostics;
using Ferry.Environments.Sandbox;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>.NET inside the sandbox, and the limits on the sandboxed tree: cgroups and the file-size rlimit (real cgroups, real processes).</summary>
public sealed class SandboxLimitTests : IDisposable
{
    private readonly SandboxWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [SandboxFact]
    public void ADotnetProgramRunsInside()
    {
        var result = SandboxWorkspace.Probe(_workspace.Spec(hostName: "dotnet-box"), "hello");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"hello from .NET {Environment.Version} on dotnet-box as {Environment.UserName}", result.Stdout.Trim());
    }

    [SandboxFact]
    public void TheOuterPidIsBwrapsAndIsPassedInside()
    {
        var launch = SandboxWorkspace.Prepare(_workspace.Spec(), "/bin/sh", "-c", $"echo ${BubblewrapSandbox.OuterPidVariable}; echo $$");
        using var process = launch.Start();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        Assert.Equal(process.Id.ToString(), lines[0]);
        Assert.NotEqual(process.Id.ToString(), lines[1]); // the inner pid is the namespace's
    }

    [SandboxFact]
    public void TheInfoFileNamesTheSandboxInitWhoseChildIsTheCommand()
    {
        var launch = SandboxWorkspace.Prepare(_workspace.Spec(), "/bin/sh", "-c", $"cat ${SandboxInfo.FileVariable}; echo; echo inner $$; echo started; read line");
        launch.StartInfo.RedirectStandardInput = true;
        using var process = launch.Start();
        var inside = new List<string>();
        for (var line = process.StandardOutput.ReadLine(); line is not null && line != "started"; line = process.StandardOutput.ReadLine()) inside.Add(line);

        var init = SandboxInfo.ReadChildPid(launch.InfoFile!);
        Assert.NotNull(init);
        Assert.Equal(process.Id.ToString(), File.ReadAllText($"/proc/{init}/stat").Split(' ')[3]); // bwrap's child
        var command = File.ReadAllText($"/proc/{init}/task/{init}/children").Trim();
        Assert.Contains("read line", File.ReadAllText($"/proc/{command}/cmdline"));
        Assert.Contains($"\"child-pid\": {init}", string.Join("\n", inside)); // the same file is readable inside
        Assert.Contains("inner 2", inside); // the command is the init's first child

        process.StandardInput.WriteLine("done");
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [SandboxFact]
    public void AMemoryLimitStopsAProcessAllocatingPastIt()
    {
        var limited = _workspace.Spec() with { Limits = new SandboxLimits(MemoryBytes: 128L << 20) };
        // Control: a small allocation fits under the limit, so the probe itself works there.
        var small = SandboxWorkspace.Probe(limited, "alloc", "8");
        Assert.Equal("allocated", small.Stdout.Trim());
        Assert.NotNull(small.Launch.Cgroup);

        var large = SandboxWorkspace.Probe(limited, "alloc", "512");
        Assert.DoesNotContain("allocated", large.Stdout);
        Assert.Equal(137, large.ExitCode); // the OOM killer's SIGKILL, seen through bwrap
    }

    [SandboxFact]
    public void ANativeWritePastTheFileSizeLimitFailsWithEfbigAndTheWriterLives()
    {
        var limited = _workspace.Spec() with { Limits = new SandboxLimits(FileSizeBytes: 1L << 20) };
        var file = Path.Combine(_workspace.Environment, "big");

        var native = SandboxWorkspace.Probe(limited, "write", file, (2L << 20).ToString());
        Assert.True(native.Stdout.Trim() == $"wrote {1L << 20} errno 27", native.ToString()); // EFBIG, after the bytes that fit
        Assert.Equal(0, native.ExitCode); // SIGXFSZ is ignored: the writer got an error, not a signal
        Assert.Equal(1L << 20, new FileInfo(file).Length);
        Assert.Null(native.Launch.Cgroup); // a file-size limit alone needs no cgroup

        // What .NET itself makes of EFBIG on a write (the interception layer's bounded streams refuse
        // such writes earlier, with an IOException; this is the kernel's backstop for code they miss).
        var framework = SandboxWorkspace.Probe(limited, "stream", file, (3L << 20).ToString());
        Assert.True(framework.Stdout.StartsWith("ArgumentOutOfRangeException: Specified file length was too large", StringComparison.Ordinal), framework.ToString());
        Assert.EndsWith("still alive", framework.Stdout.Trim());
        Assert.Equal(0, framework.ExitCode);
    }

    [SandboxFact]
    public void AWriteUpToTheFileSizeLimitWorks()
    {
        var limited = _workspace.Spec() with { Limits = new SandboxLimits(FileSizeBytes: 1L << 20) };
        var file = Path.Combine(_workspace.Environment, "fits");
        var result = SandboxWorkspace.Probe(limited, "write", file, (1L << 20).ToString());
        Assert.Equal($"wrote {1L << 20} ok", result.Stdout.Trim());
        Assert.Equal(1L << 20, new FileInfo(file).Length);
    }

    [SandboxFact]
    public void TheFileSizeLimitHoldsWithoutBubblewrapToo()
    {
        var limited = _workspace.Spec() with { Limits = new SandboxLimits(FileSizeBytes: 1L << 20) };
        var start = new ProcessStartInfo(ProbeProgram.Dotnet, [ProbeProgram.Assembly, "write", Path.Combine(_workspace.Environment, "big"), (2L << 20).ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var launch = new BubblewrapSandbox(mode: SandboxMode.Off).Prepare(limited, start);
        Assert.False(launch.IsSandboxed);
        using var process = launch.Start();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(stdout.Trim() == $"wrote {1L << 20} errno 27", $"exit {process.ExitCode}: {stdout} {stderr.Result}");
    }

    [SandboxFact]
    public void WithoutAFileSizeLimitTheCallersLimitAndSignalsStand()
    {
        const string Script = "ulimit -f; ulimit -Hf; grep SigIgn /proc/self/status";
        var outside = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", Script]) { RedirectStandardOutput = true })!;
        var expected = outside.StandardOutput.ReadToEnd();
        outside.WaitForExit();

        var inside = SandboxWorkspace.Shell(_workspace.Spec(), Script);
        Assert.Equal(expected, inside.Stdout);

        var limited = SandboxWorkspace.Shell(_workspace.Spec() with { Limits = new SandboxLimits(FileSizeBytes: 1000) }, Script);
        var lines = limited.Stdout.Split('\n');
        Assert.Equal(["2", "2"], lines[..2]); // 512-byte blocks, rounded up
        Assert.NotEqual(0UL, Convert.ToUInt64(lines[2].Split('\t')[1], 16) & (1UL << (25 - 1))); // SIGXFSZ ignored
    }

    [SandboxFact]
    public void TheCpuAndPidsLimitsAreWrittenAndTheTreeJoinsTheCgroup()
    {
        var spec = _workspace.Spec() with { Limits = new SandboxLimits(Cpus: 0.5, Pids: 64) };
        var launch = SandboxWorkspace.Prepare(spec, "/bin/sh", "-c", "echo started; read line");
        var cgroup = launch.Cgroup;
        Assert.NotNull(cgroup);
        var cpu = cgroup.DirectoryOf("cpu")!;
        var pids = cgroup.DirectoryOf("pids")!;
        launch.StartInfo.RedirectStandardInput = true;
        using var process = launch.Start();
        Assert.Equal("started", process.StandardOutput.ReadLine());

        if (File.Exists(Path.Combine(cpu, "cpu.cfs_quota_us")))
        {
            Assert.Equal("50000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_quota_us")).Trim());
            Assert.Equal("100000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_period_us")).Trim());
        }
        else
        {
            Assert.Equal("50000 100000", File.ReadAllText(Path.Combine(cpu, "cpu.max")).Trim());
        }
        Assert.Equal("64", File.ReadAllText(Path.Combine(pids, "pids.max")).Trim());
        foreach (var dir in cgroup.Directories)
        {
            var members = File.ReadAllLines(Path.Combine(dir, "cgroup.procs"));
            Assert.Contains(process.Id.ToString(), members); // bwrap itself, so every process it forks
            Assert.True(members.Length >= 3, string.Join(",", members)); // bwrap, its init, the shell
        }

        process.StandardInput.WriteLine("done");
        process.WaitForExit();
        cgroup.Remove(); // also done by the Exited handler; idempotent
        Assert.All(cgroup.Directories, d => Assert.False(Directory.Exists(d), $"{d} is left behind"));
    }

    [SandboxFact]
    public void ACgroupIsRemovedWhenItsProcessEnds()
    {
        var spec = _workspace.Spec() with { Limits = new SandboxLimits(MemoryBytes: 256L << 20) };
        var result = SandboxWorkspace.Shell(spec, "true");
        var dir = result.Launch.Cgroup!.DirectoryOf("memory")!;
        // The Exited handler runs on the thread pool once the process is reaped.
        for (var i = 0; i < 200 && Directory.Exists(dir); i++) Thread.Sleep(25);
        Assert.False(Directory.Exists(dir));
    }

    [SandboxFact]
    public void ALaterLaunchSweepsTheEmptyCgroupsOfLaunchersThatAreGone()
    {
        var spec = _workspace.Spec() with { Limits = new SandboxLimits(MemoryBytes: 64L << 20) };
        var first = SandboxWorkspace.Prepare(spec, "/bin/true");
        var parent = Path.GetDirectoryName(first.Cgroup!.DirectoryOf("memory"))!;
        var deadPid = Enumerable.Range(200_000, 100_000).First(p => !Directory.Exists($"/proc/{p}"));
        var stale = Path.Combine(parent, $"gone.{deadPid}");
        var ours = Path.Combine(parent, $"alive.{Environment.ProcessId}-7");
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(ours);
        try
        {
            var second = SandboxWorkspace.Prepare(spec, "/bin/true");
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(ours)); // its launcher (this process) still lives
            second.Cgroup!.Remove();
        }
        finally
        {
            CgroupLease.RemoveDirectory(ours, attempts: 1);
            CgroupLease.RemoveDirectory(stale, attempts: 1);
            first.Cgroup.Remove();
        }
    }
}
