using System.Runtime.InteropServices;

namespace Ferry.Host;

/// <summary>
/// Makes a detached host independent of the terminal and of the CLI that started it: a new session
/// (no SIGHUP when the terminal closes, no Ctrl-C from it), stdin from /dev/null, stdout and stderr
/// (where only the runtime itself would still write, e.g. a crash report) into host.log.
/// </summary>
internal static partial class SessionDetacher
{
    public static void Detach(string hostLogPath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        // Fails only if we already lead a process group (started by setsid ourselves): fine either way.
        _ = setsid();
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        using var log = File.OpenHandle(hostLogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        Redirect(devNull, 0);
        Redirect(log, 1);
        Redirect(log, 2);
    }

    private static void Redirect(Microsoft.Win32.SafeHandles.SafeFileHandle from, int fd)
    {
        if (dup2((int)from.DangerousGetHandle(), fd) < 0)
            throw new IOException($"dup2 onto fd {fd} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup2(int oldfd, int newfd);
}
