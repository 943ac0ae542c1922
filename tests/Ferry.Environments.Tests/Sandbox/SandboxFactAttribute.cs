using Ferry.Environments.Sandbox;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>
/// A test that needs a working bubblewrap and root (for cgroups and an uncapped bwrap). Skipped, with the
/// reason, only when those are missing; CI runs as root and test.sh installs bubblewrap.
/// </summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute()
    {
        if (SkipReason is { } reason) Skip = reason;
    }

    public static string? SkipReason
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return "the bubblewrap sandbox is Linux-only";
            if (!NativeIds.IsRoot) return "sandbox tests run as root (cgroups, bwrap without a setuid helper)";
            var probe = new BubblewrapSandbox(mode: SandboxMode.Auto).Probe();
            return probe.Available ? null : $"bubblewrap unavailable: {probe.Problem}";
        }
    }
}
