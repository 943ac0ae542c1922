namespace Ferry.Environments.Tests.Sandbox;

/// <summary>
/// Escape attempts from inside the bubblewrap sandbox with real processes: code the weaver never sees
/// (shell tools, a P/Invoke from .NET) must not reach the host outside the binds. Each test also checks
/// a control (the same probe succeeding where it is allowed), so a broken probe cannot pass as "blocked".
/// </summary>
public sealed class SandboxEscapeTests : IDisposable
{
    private readonly SandboxWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [SandboxFact]
    public void PInvokeOpenOfAHostFileOutsideTheBindsFails()
    {
        var allowed = Path.Combine(_workspace.Environment, "mine");
        File.WriteAllText(allowed, "mine");
        var spec = _workspace.Spec();

        var control = SandboxWorkspace.Probe(spec, "open", allowed);
        Assert.Equal("opened", control.Stdout.Trim());
        var outside = SandboxWorkspace.Probe(spec, "open", Path.Combine(_workspace.Outside, "secret"));
        Assert.Equal("errno 2", outside.Stdout.Trim()); // ENOENT: the path does not exist in there
    }

    [SandboxFact]
    public void PInvokeOpenOfAHostSystemFileThatIsNotBoundFails()
    {
        Assert.True(File.Exists("/etc/shadow"), "the host has /etc/shadow");
        var result = SandboxWorkspace.Probe(_workspace.Spec(), "open", "/etc/shadow");
        Assert.Equal("errno 2", result.Stdout.Trim());
    }

    [SandboxFact]
    public void HostProcessesAreNotVisible()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), "for d in /proc/[0-9]*; do echo ${d#/proc/}; done");
        var pids = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Assert.NotEmpty(pids);
        Assert.DoesNotContain(Environment.ProcessId, pids);
        // bwrap's init, the shell and its loop: a handful, never the host's hundreds.
        Assert.True(pids.Count < 10, result.ToString());
        Assert.True(Directory.Exists($"/proc/{Environment.ProcessId}"), "control: the host sees the test process");
    }

    [SandboxFact]
    public void CwdOfAHostProcessIsUnreachable()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"readlink /proc/{Environment.ProcessId}/cwd && echo reached");
        Assert.DoesNotContain("reached", result.Stdout);
        Assert.NotEqual(0, result.ExitCode);
    }

    [SandboxFact]
    public void RootOfAHostProcessIsUnreachable()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"cat /proc/{Environment.ProcessId}/root/etc/shadow && echo reached");
        Assert.DoesNotContain("reached", result.Stdout);
        Assert.NotEqual(0, result.ExitCode);
    }

    [SandboxFact]
    public void ProcSelfRootLeadsOnlyToTheSandboxRoot()
    {
        var secret = Path.Combine(_workspace.Outside, "secret");
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"cat /proc/self/root{secret} /proc/1/root{secret} /proc/self/root/etc/shadow; ls /proc/1/root/");
        Assert.DoesNotContain("host secret", result.Stdout);
        var entries = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("usr", entries); // control: /proc/1/root is listed, it is the sandbox's root
        Assert.DoesNotContain("root", entries);
        Assert.DoesNotContain("var", entries);
    }

    [SandboxFact]
    public void ASymlinkCreatedInsidePointingOutLeadsNowhere()
    {
        var secret = Path.Combine(_workspace.Outside, "secret");
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"ln -s {secret} link && cat link && echo reached");
        Assert.NotNull(new FileInfo(Path.Combine(_workspace.Environment, "link")).LinkTarget); // control: the link was made
        Assert.DoesNotContain("host secret", result.Stdout);
        Assert.DoesNotContain("reached", result.Stdout);
    }

    [SandboxFact]
    public void AHardLinkToAHostFileCannotBeMade()
    {
        var secret = Path.Combine(_workspace.Outside, "secret");
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"ln {secret} hard && echo linked");
        Assert.DoesNotContain("linked", result.Stdout);
        Assert.False(File.Exists(Path.Combine(_workspace.Environment, "hard")));
    }

    [SandboxFact]
    public void AReadOnlyBindCannotBeWritten()
    {
        var shared = Path.Combine(_workspace.Root, "shared");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, "data"), "original");
        var spec = _workspace.Spec() with { Binds = [.. _workspace.Spec().Binds, Ferry.Environments.Sandbox.SandboxBind.ReadOnly(shared)] };

        var result = SandboxWorkspace.Shell(spec, $"cat {shared}/data; echo changed > {shared}/data; touch {shared}/new; echo done");
        Assert.StartsWith("original", result.Stdout); // control: it is visible
        Assert.Contains("Read-only file system", result.Stderr);
        Assert.Equal("original", File.ReadAllText(Path.Combine(shared, "data")));
        Assert.False(File.Exists(Path.Combine(shared, "new")));
    }

    [SandboxFact]
    public void TheRuntimeAndSystemDirectoriesAreReadOnly()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"touch /usr/ferry-escape {ProbeProgram.DotnetRoot}/ferry-escape /etc/ferry-escape; echo done");
        Assert.Equal("done", result.Stdout.Trim());
        Assert.False(File.Exists("/usr/ferry-escape"));
        Assert.False(File.Exists(Path.Combine(ProbeProgram.DotnetRoot, "ferry-escape")));
        Assert.False(File.Exists("/etc/ferry-escape"));
    }

    [SandboxFact]
    public void WritesOutsideTheBindsFailInsteadOfVanishing()
    {
        // The Ferry directory's parent exists inside only as a mount point on bwrap's root.
        var above = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!;
        // A checkout under /tmp has its mount points in the sandbox's private /tmp, which is writable by
        // design: there only the write at / is expected to fail.
        var aboveIsPrivate = above.StartsWith("/tmp/", StringComparison.Ordinal);
        var name = $"ferry-escape-{Guid.NewGuid():N}";
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"echo x > /{name}; mkdir {above}/{name}; echo end");
        Assert.Equal("end", result.Stdout.Trim());
        Assert.Equal(aboveIsPrivate ? 1 : 2, result.Stderr.Split("Read-only file system").Length - 1);
        Assert.False(Directory.Exists(Path.Combine(above, name)));
        Assert.False(File.Exists("/" + name));
    }

    [SandboxFact]
    public void TheEnvironmentDirectoryIsWritable()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), "mkdir -p data && echo written > data/file && pwd");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_workspace.Environment, result.Stdout.Trim()); // it is the working directory, at its host path
        Assert.Equal("written\n", File.ReadAllText(Path.Combine(_workspace.Environment, "data", "file")));
    }

    [SandboxFact]
    public void TmpIsPrivate()
    {
        var name = $"ferry-private-{Guid.NewGuid():N}";
        var hostOnly = Path.Combine("/tmp", $"ferry-host-only-{Guid.NewGuid():N}");
        File.WriteAllText(hostOnly, "host");
        try
        {
            var spec = _workspace.Spec();
            var result = SandboxWorkspace.Shell(spec, $"echo inside > /tmp/{name} && cat /tmp/{name} && ls /tmp");
            Assert.StartsWith("inside", result.Stdout);
            Assert.False(File.Exists(Path.Combine("/tmp", name)));
            // Nothing of the host's /tmp shows but the first components of paths bound below it (the probe
            // program, this workspace, and Ferry itself when the checkout lives under /tmp).
            var bound = new[] { spec.FerryDirectory, spec.EnvironmentDirectory, spec.StateDirectory, spec.RuntimeDirectory }
                .Concat(spec.Binds.Select(b => b.Target))
                .Where(p => p.StartsWith("/tmp/", StringComparison.Ordinal))
                .Select(p => p["/tmp/".Length..].Split('/')[0])
                .ToHashSet();
            var listed = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            Assert.DoesNotContain(Path.GetFileName(hostOnly), listed);
            Assert.Contains(name, listed);
            Assert.All(listed, entry => Assert.True(entry == name || bound.Contains(entry), $"/tmp/{entry} of the host shows in the sandbox"));
        }
        finally
        {
            File.Delete(hostOnly);
        }
    }

    [SandboxFact]
    public void TheHostNameIsTheSpecs()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(hostName: "box-7"), "cat /proc/sys/kernel/hostname");
        Assert.Equal("box-7", result.Stdout.Trim());
        Assert.NotEqual("box-7", Environment.MachineName);
    }

    [SandboxFact]
    public void AnotherEnvironmentIsInvisible()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), $"cat {_workspace.OtherEnvironment}/secret; ls {_workspace.Root}");
        Assert.DoesNotContain("secret", result.Stdout);
        var listed = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["env-a", "state"], listed.Order());
    }

    [SandboxFact]
    public void DenyNetworkLeavesOnlyLoopback()
    {
        const string interfaces = "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '";
        var denied = SandboxWorkspace.Shell(_workspace.Spec() with { DenyNetwork = true }, interfaces);
        Assert.Equal("lo", denied.Stdout.Trim());
        // Control: without the policy the sandbox shares the host's network (published ports stay reachable).
        var shared = SandboxWorkspace.Shell(_workspace.Spec(), interfaces);
        var host = File.ReadLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).Order();
        Assert.Equal(host, shared.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [SandboxFact]
    public void TheSandboxHasNoCapabilitiesAndReadOnlySysctls()
    {
        var result = SandboxWorkspace.Shell(_workspace.Spec(), "grep CapEff /proc/self/status; [ -w /proc/sys/vm/drop_caches ] && echo sysctl-writable; mount -o remount,rw /usr 2>/dev/null && echo remounted; echo end");
        Assert.Contains("CapEff:\t0000000000000000", result.Stdout);
        Assert.DoesNotContain("sysctl-writable", result.Stdout);
        Assert.DoesNotContain("remounted", result.Stdout);
        Assert.Contains("end", result.Stdout);
    }
}
