using System.Runtime.InteropServices;

namespace Ferry.Environments.Sandbox;

/// <summary>The caller's user and group ids (libc), which .NET does not expose.</summary>
internal static class NativeIds
{
    public static uint EffectiveUserId() => geteuid();

    public static uint EffectiveGroupId() => getegid();

    public static bool IsRoot => geteuid() == 0;

    // DllImport: blittable signatures need no marshalling, and this project does not allow unsafe code.
    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern uint getegid();
}
