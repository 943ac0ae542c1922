using System.Globalization;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// The bwrap command line for a <see cref="SandboxSpec"/>. Order matters to bwrap (later mounts cover
/// earlier ones): namespaces and the system layout first, then /tmp, then the spec's binds from the
/// shallowest target to the deepest so a nested bind is never hidden by its parent.
/// </summary>
internal static class BubblewrapArguments
{
    /// <summary>
    /// Namespace and privilege options shared by the real run and the availability probe. A root caller
    /// keeps every capability inside bwrap unless told otherwise: --cap-drop ALL, so the sandbox's uid 0
    /// cannot remount, chroot out or load modules.
    /// </summary>
    public static IEnumerable<string> Isolation()
    {
        yield return "--cap-drop"; yield return "ALL";
        yield return "--unshare-pid";
        yield return "--unshare-ipc";
        yield return "--unshare-uts";
        yield return "--unshare-cgroup-try";
    }

    /// <summary>The kernel file systems: a procfs of the sandbox's own pid namespace and a minimal /dev.</summary>
    public static IEnumerable<string> KernelFileSystems()
    {
        yield return "--proc"; yield return "/proc";
        // An uncapable uid 0 may still write root-owned sysctls (drop_caches, ...): cover them read-only.
        yield return "--ro-bind"; yield return "/proc/sys"; yield return "/proc/sys";
        yield return "--ro-bind-try"; yield return "/proc/sysrq-trigger"; yield return "/proc/sysrq-trigger";
        yield return "--dev"; yield return "/dev";
    }

    /// <param name="infoFd">The descriptor bwrap reports the command's host pid on (--info-fd).</param>
    public static List<string> Build(SandboxSpec spec, string generatedEtc, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> runtimeVariables, int infoFd)
    {
        var args = new List<string>(Isolation());
        // bwrap's own init is the namespace's pid 1 and the command its child, a plain process: signals
        // keep their default actions (a namespace init ignores those it has no handler for). --info-fd
        // reports that init's host pid, alive exactly as long as the sandbox; SIGKILL to it ends it all.
        args.AddRange(["--info-fd", infoFd.ToString(CultureInfo.InvariantCulture)]);
        if (spec.DieWithParent) args.Add("--die-with-parent");
        if (spec.DenyNetwork) args.Add("--unshare-net");
        if (spec.NewSession) args.Add("--new-session");
        if (spec.HostName is { } host) args.AddRange(["--hostname", host]);
        args.AddRange(SandboxSystemFiles.Arguments(generatedEtc));
        args.AddRange(KernelFileSystems());
        if (spec.TmpDirectory is { } tmp) args.AddRange(["--bind", tmp, "/tmp"]);
        else args.AddRange(["--tmpfs", "/tmp"]);

        var binds = new List<SandboxBind>
        {
            SandboxBind.ReadOnly(spec.RuntimeDirectory),
            SandboxBind.ReadOnly(spec.FerryDirectory),
            SandboxBind.ReadWrite(spec.EnvironmentDirectory),
            SandboxBind.ReadWrite(spec.StateDirectory),
        };
        binds.AddRange(spec.Binds);
        // Stable sort: at equal depth the spec's order stands (the later one wins, as in bwrap).
        foreach (var bind in binds.OrderBy(b => Depth(b.Target)))
            args.AddRange([bind.Writable ? "--bind" : "--ro-bind", bind.HostPath, SandboxSpecValidator.Normalize(bind.Target)]);

        // The root is bwrap's tmpfs holding the mount points: read-only, so a write outside the binds fails
        // (EROFS) instead of landing in memory and vanishing with the sandbox.
        args.AddRange(["--remount-ro", "/"]);
        args.AddRange(["--chdir", spec.WorkingDirectory ?? spec.EnvironmentDirectory]);
        args.AddRange(["--setenv", "TMPDIR", "/tmp"]);
        args.AddRange(["--setenv", SandboxInfo.FileVariable, SandboxInfo.PathIn(spec.StateDirectory)]);
        foreach (var (name, value) in runtimeVariables) args.AddRange(["--setenv", name, value]);
        foreach (var (name, value) in spec.Environment) args.AddRange(["--setenv", name, value]);
        args.Add("--");
        args.AddRange(command);
        return args;
    }

    /// <summary>
    /// Variables that tell .NET the limits it cannot read itself: the sandbox has no /sys/fs/cgroup, so
    /// the GC would size its heap for the whole machine and be killed instead of throwing
    /// OutOfMemoryException. 75 % of the memory limit is what the runtime takes in a container.
    /// Under a file-size limit the runtime's W^X double mapping cannot start: it sizes an anonymous
    /// memfd far past any such limit (ftruncate fails with EFBIG, CoreCLR reports "Out Of Memory"), so
    /// it is switched off there.
    /// </summary>
    public static Dictionary<string, string> RuntimeVariables(SandboxLimits limits)
    {
        var variables = new Dictionary<string, string>();
        if (limits.MemoryBytes is { } memory)
            variables["DOTNET_GCHeapHardLimit"] = (memory / 4 * 3).ToString("x", CultureInfo.InvariantCulture);
        if (limits.Cpus is { } cpus)
            variables["DOTNET_PROCESSOR_COUNT"] = Math.Max(1, (int)Math.Ceiling(cpus)).ToString(CultureInfo.InvariantCulture);
        if (limits.FileSizeBytes is not null)
            variables["DOTNET_EnableWriteXorExecute"] = "0";
        return variables;
    }

    private static int Depth(string path) => SandboxSpecValidator.Normalize(path).Count(c => c == '/');
}
