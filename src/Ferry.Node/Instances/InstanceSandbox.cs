using System.Runtime.InteropServices;
using Ferry.Abstractions.Instances;
using Ferry.Environments.Definition;
using Ferry.Environments.Sandbox;

namespace Ferry.Node.Instances;

/// <summary>
/// The OS sandbox an instance's host runs in, made from its environment: the environment directory and the
/// instance's state directory writable, the runtime, Ferry and the woven app read-only, and every host path
/// the environment maps (read-only unless merged) — each at its own path, as the interception layer maps
/// to it. Policies and limits come from the environment too.
/// </summary>
public static class InstanceSandbox
{
    /// <param name="images">The images restored (files: an image, or a pre-copy's rounds and final round), or the directory a standby host reads a pre-copy's files from.</param>
    public static SandboxSpec For(LocalInstances context, InstanceInfo instance, string environmentDir, string wovenApp, IEnumerable<string>? images = null)
    {
        var definition = context.Environments.Read(instance.EnvironmentName!);
        var binds = new List<SandboxBind> { SandboxBind.ReadOnly(Path.GetDirectoryName(Path.GetFullPath(wovenApp))!) };
        binds.AddRange((images ?? []).Select(image => SandboxBind.ReadOnly(Path.GetFullPath(image))));
        foreach (var mapping in definition.PathMappings)
        {
            if (mapping.Outside is not { } outside || !Path.Exists(outside)) continue;
            binds.Add(mapping.Mode == PathMode.Merged ? SandboxBind.ReadWrite(outside) : SandboxBind.ReadOnly(outside));
        }
        // Test mode (docs/capture-protocol.md) writes its image and safe-point count where the harness says.
        foreach (var variable in TestModeOutputs)
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir && Directory.Exists(dir))
                binds.Add(SandboxBind.ReadWrite(dir));
        foreach (var passThrough in definition.PassThroughs)
            if (passThrough.Kind == PassThroughKind.Path && Path.Exists(passThrough.Resource))
                binds.Add(SandboxBind.ReadWrite(passThrough.Resource));
        return new SandboxSpec
        {
            EnvironmentDirectory = environmentDir,
            StateDirectory = context.Home.Instance(instance.Id).Dir,
            RuntimeDirectory = DotnetRoot(),
            FerryDirectory = AppContext.BaseDirectory.TrimEnd('/'),
            Binds = Deduplicated(binds),
            InstanceName = instance.Id,
            HostName = definition.MachineName,
            DenyNetwork = definition.Policies.DenyNetwork,
            Limits = new SandboxLimits(definition.Limits.MemoryBytes, definition.Limits.Cpus, FileSizeBytes: KernelFileSize(definition.Limits.FileSizeBytes)),
        };
    }

    /// <summary>
    /// The smallest RLIMIT_FSIZE the host gets. The limit is per process, so it bounds the host's own files
    /// too, and the environment database's SQLite WAL grows to about 4 MB between checkpoints (its -shm file
    /// is sized with ftruncate at once): below this the host could not record auto mappings, or even open
    /// the database. The shims enforce the exact limit for the app's managed writes either way.
    /// </summary>
    public const long MinimumKernelFileSize = 8L << 20;

    /// <summary>The environment's file-size limit as the sandbox's RLIMIT_FSIZE (never below <see cref="MinimumKernelFileSize"/>).</summary>
    public static long? KernelFileSize(long? fileSizeLimit) => fileSizeLimit is { } limit ? Math.Max(limit, MinimumKernelFileSize) : null;

    private static readonly string[] TestModeOutputs = ["FERRY_TEST_IMAGE", "FERRY_TEST_SAFEPOINT_COUNT", "FERRY_TEST_PAUSED"];

    /// <summary>The dotnet root (muxer, shared/, host/): three levels above the running runtime's directory.</summary>
    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")).TrimEnd('/');

    /// <summary>One bind per host path; where a path is asked for both read-only and writable, writable wins.</summary>
    private static IReadOnlyList<SandboxBind> Deduplicated(List<SandboxBind> binds) =>
        binds.GroupBy(b => b.HostPath, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(b => b.Writable) ?? g.First())
            .ToList();
}
