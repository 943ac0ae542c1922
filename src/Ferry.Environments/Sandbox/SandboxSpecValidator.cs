using System.Text.RegularExpressions;

namespace Ferry.Environments.Sandbox;

/// <summary>Checks a <see cref="SandboxSpec"/> before anything is created; the first problem becomes one <see cref="SandboxException"/> line.</summary>
internal static partial class SandboxSpecValidator
{
    /// <summary>Targets the sandbox mounts itself; a bind there would hide (or expose) the kernel's view.</summary>
    private static readonly string[] ReservedTargets = ["/", "/proc", "/dev", "/usr", "/etc", "/tmp"];

    public static void Validate(SandboxSpec spec)
    {
        Directory(spec.EnvironmentDirectory, "environment directory");
        Directory(spec.StateDirectory, "state directory");
        Directory(spec.RuntimeDirectory, ".NET runtime directory");
        Directory(spec.FerryDirectory, "Ferry directory");
        if (spec.TmpDirectory is { } tmp) Directory(tmp, "tmp directory");
        if (spec.WorkingDirectory is { } cwd && !Path.IsPathFullyQualified(cwd))
            throw new SandboxException($"sandbox working directory must be absolute: {cwd}");
        foreach (var bind in spec.Binds)
        {
            if (!Path.IsPathFullyQualified(bind.HostPath)) throw new SandboxException($"sandbox bind must be an absolute host path: {bind.HostPath}");
            if (!File.Exists(bind.HostPath) && !System.IO.Directory.Exists(bind.HostPath))
                throw new SandboxException($"sandbox bind host path does not exist: {bind.HostPath}");
            var target = Normalize(bind.Target);
            if (!Path.IsPathFullyQualified(bind.Target)) throw new SandboxException($"sandbox bind target must be absolute: {bind.Target}");
            if (ReservedTargets.Contains(target) || target.StartsWith("/proc/", StringComparison.Ordinal) || target.StartsWith("/dev/", StringComparison.Ordinal))
                throw new SandboxException($"sandbox bind target is reserved: {bind.Target}");
        }
        if (!InstanceNamePattern().IsMatch(spec.InstanceName))
            throw new SandboxException($"sandbox instance name must be 1-64 of [A-Za-z0-9._-]: {spec.InstanceName}");
        if (spec.HostName is { } host && !HostNamePattern().IsMatch(host))
            throw new SandboxException($"sandbox host name must be 1-63 of [A-Za-z0-9.-], not starting with '-' or '.': {host}");
        foreach (var name in spec.Environment.Keys)
            if (name.Length == 0 || name.Contains('=') || name.Contains('\0')) throw new SandboxException($"sandbox environment variable name is invalid: {name}");
        var limits = spec.Limits;
        if (limits.MemoryBytes is < 4 * 1024 * 1024) throw new SandboxException($"sandbox memory limit must be at least 4 MiB: {limits.MemoryBytes} bytes");
        if (limits.Cpus is { } cpus && (double.IsNaN(cpus) || cpus < 0.01 || cpus > 4096)) throw new SandboxException($"sandbox cpu limit must be between 0.01 and 4096: {cpus}");
        if (limits.Pids is < 1) throw new SandboxException($"sandbox pids limit must be positive: {limits.Pids}");
        if (limits.FileSizeBytes is < 1) throw new SandboxException($"sandbox file-size limit must be positive: {limits.FileSizeBytes} bytes");
    }

    private static void Directory(string path, string what)
    {
        if (!Path.IsPathFullyQualified(path)) throw new SandboxException($"sandbox {what} must be absolute: {path}");
        if (!System.IO.Directory.Exists(path)) throw new SandboxException($"sandbox {what} does not exist: {path}");
    }

    internal static string Normalize(string path) => path.Length > 1 ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) : path;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex InstanceNamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$")]
    private static partial Regex HostNamePattern();
}
