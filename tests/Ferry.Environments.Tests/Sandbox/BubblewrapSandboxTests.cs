using System.Diagnostics;
using Ferry.Environments.Sandbox;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>The fallback when bubblewrap cannot be used, FERRY_SANDBOX, and bad specs (no root needed).</summary>
public sealed class BubblewrapSandboxTests : IDisposable
{
    private const string MissingBwrap = "/nonexistent/ferry-test/bwrap";

    private readonly SandboxWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private SandboxSpec Spec() => new()
    {
        EnvironmentDirectory = _workspace.Environment,
        StateDirectory = _workspace.State,
        RuntimeDirectory = ProbeProgram.DotnetRoot,
        FerryDirectory = AppContext.BaseDirectory,
    };

    private static ProcessStartInfo Echo(string text)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"echo {text}; echo ${BubblewrapSandbox.OuterPidVariable}");
        return start;
    }

    [Fact]
    public void WithoutBwrapItRunsWithInterceptionOnlyAndSaysSoInOneLine()
    {
        var launch = new BubblewrapSandbox(mode: SandboxMode.Auto, bubblewrapPath: MissingBwrap).Prepare(Spec(), Echo("plain"));
        Assert.False(launch.IsSandboxed);
        var warning = Assert.Single(launch.Warnings);
        Assert.StartsWith("sandbox unavailable (", warning);
        Assert.EndsWith("running with interception only", warning);
        Assert.DoesNotContain('\n', warning);

        using var process = launch.Start();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        Assert.Equal(["plain", process.Id.ToString()], lines); // it ran, outside any sandbox, through the same wrapper
    }

    [Fact]
    public void RequireRefusesWhenBwrapIsUnavailable()
    {
        var start = Echo("never");
        var e = Assert.Throws<SandboxException>(() => new BubblewrapSandbox(mode: SandboxMode.Require, bubblewrapPath: MissingBwrap).Prepare(Spec(), start));
        Assert.StartsWith("sandbox required (FERRY_SANDBOX=require) but unavailable: ", e.Message);
        Assert.Equal("/bin/sh", start.FileName); // the command was left as it was
    }

    [Fact]
    public void OffRunsWithoutTheSandboxAndWithoutAWarning()
    {
        var launch = new BubblewrapSandbox(mode: SandboxMode.Off).Prepare(Spec(), Echo("off"));
        Assert.False(launch.IsSandboxed);
        Assert.Empty(launch.Warnings);
    }

    [Fact]
    public void TheProbeOfAMissingBinaryNamesThePackage()
    {
        var probe = new BubblewrapSandbox(bubblewrapPath: MissingBwrap).Probe();
        Assert.False(probe.Available);
        Assert.Contains(MissingBwrap, probe.Problem);
    }

    [Theory]
    [InlineData(null, SandboxMode.Auto)]
    [InlineData("", SandboxMode.Auto)]
    [InlineData("auto", SandboxMode.Auto)]
    [InlineData("OFF", SandboxMode.Off)]
    [InlineData("require", SandboxMode.Require)]
    public void TheModeVariableIsRead(string? value, SandboxMode expected) => Assert.Equal(expected, BubblewrapSandbox.ReadMode(value));

    [Fact]
    public void ABadModeValueIsOneClearError()
    {
        var e = Assert.Throws<SandboxException>(() => BubblewrapSandbox.ReadMode("maybe"));
        Assert.Equal("FERRY_SANDBOX must be auto, off or require, not 'maybe'", e.Message);
    }

    [Fact]
    public void AMissingEnvironmentDirectoryIsRefusedBeforeAnythingRuns()
    {
        var spec = Spec() with { EnvironmentDirectory = Path.Combine(_workspace.Root, "missing") };
        var e = Assert.Throws<SandboxException>(() => new BubblewrapSandbox(mode: SandboxMode.Off).Prepare(spec, Echo("x")));
        Assert.Equal($"sandbox environment directory does not exist: {spec.EnvironmentDirectory}", e.Message);
    }

    [Fact]
    public void ABindOnAReservedTargetIsRefused()
    {
        var spec = Spec() with { Binds = [new SandboxBind(_workspace.Outside, Writable: true, SandboxPath: "/proc/1")] };
        var e = Assert.Throws<SandboxException>(() => new BubblewrapSandbox(mode: SandboxMode.Off).Prepare(spec, Echo("x")));
        Assert.Equal("sandbox bind target is reserved: /proc/1", e.Message);
    }

    [Fact]
    public void AMissingBindHostPathIsRefused()
    {
        var missing = Path.Combine(_workspace.Root, "nope");
        var spec = Spec() with { Binds = [SandboxBind.ReadOnly(missing)] };
        var e = Assert.Throws<SandboxException>(() => new BubblewrapSandbox(mode: SandboxMode.Off).Prepare(spec, Echo("x")));
        Assert.Equal($"sandbox bind host path does not exist: {missing}", e.Message);
    }

    [Fact]
    public void BadLimitsAreRefused()
    {
        var sandbox = new BubblewrapSandbox(mode: SandboxMode.Off);
        Assert.Throws<SandboxException>(() => sandbox.Prepare(Spec() with { Limits = new SandboxLimits(MemoryBytes: 1000) }, Echo("x")));
        Assert.Throws<SandboxException>(() => sandbox.Prepare(Spec() with { Limits = new SandboxLimits(Cpus: 0) }, Echo("x")));
        Assert.Throws<SandboxException>(() => sandbox.Prepare(Spec() with { Limits = new SandboxLimits(Pids: 0) }, Echo("x")));
        Assert.Throws<SandboxException>(() => sandbox.Prepare(Spec() with { Limits = new SandboxLimits(FileSizeBytes: 0) }, Echo("x")));
        Assert.Throws<SandboxException>(() => sandbox.Prepare(Spec() with { InstanceName = "../escape" }, Echo("x")));
        Assert.Throws<SandboxException>(() => sandbox.Prepare(Spec() with { HostName = "-bad" }, Echo("x")));
    }

    [Fact]
    public void NestedBindsComeAfterTheirParents()
    {
        var inner = Path.Combine(_workspace.Environment, "inner");
        Directory.CreateDirectory(inner);
        var spec = Spec() with { Binds = [SandboxBind.ReadOnly(inner)] };
        var args = BubblewrapArguments.Build(spec, "/etc-generated", ["true"], new Dictionary<string, string>(), infoFd: 3);
        var env = args.IndexOf(_workspace.Environment);
        var nested = args.IndexOf(inner);
        Assert.True(env > 0 && nested > env, string.Join(' ', args));
        Assert.Equal("--ro-bind", args[nested - 1]);
    }

    [Fact]
    public void LimitsAreTranslatedForTheRuntimeAndTheShell()
    {
        var variables = BubblewrapArguments.RuntimeVariables(new SandboxLimits(MemoryBytes: 256L << 20, Cpus: 1.5));
        Assert.Equal("c000000", variables["DOTNET_GCHeapHardLimit"]); // 192 MiB, 75 %
        Assert.Equal("2", variables["DOTNET_PROCESSOR_COUNT"]);
        Assert.Equal(50_000, CgroupLimiter.Quota(0.5));
        Assert.Equal(1000, CgroupLimiter.Quota(0.001));
        Assert.False(variables.ContainsKey("DOTNET_EnableWriteXorExecute"));
        // W^X sizes a memfd past any file-size limit: the runtime would not start under one.
        Assert.Equal("0", BubblewrapArguments.RuntimeVariables(new SandboxLimits(FileSizeBytes: 1 << 20))["DOTNET_EnableWriteXorExecute"]);
        Assert.Equal("2", BubblewrapSandbox.FileSizeBlocks(new SandboxLimits(FileSizeBytes: 1000)));
        Assert.Equal("2", BubblewrapSandbox.FileSizeBlocks(new SandboxLimits(FileSizeBytes: 1024)));
        Assert.Equal("", BubblewrapSandbox.FileSizeBlocks(SandboxLimits.None));
    }
}
