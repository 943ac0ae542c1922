using System.Runtime.InteropServices;

namespace Ferry.Abstractions.Processes;

/// <summary>
/// Makes a detached process (an instance host, a node) independent of the terminal and of the CLI that started it: a new session
/// (no SIGHUP when the terminal closes, no Ctrl-C from it), stdin from /dev/null, stdout and stderr
/// (where only the runtime itself would still write, e.g. a crash report) into a log file.
/// </summary>
public static partial class SessionDetacher
{
    public static void Detach(string logPath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        // Fails only if we already lead a process group (started by setsid ourselves): fine either way.
        _ = setsid();
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        using var log = File.OpenHandle(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        Redirect(devNull, 0);
        Redirect(log, 1);
        Redirect(log, 2);
        // Console's writers dup'ed fds 1 and 2 when first used; if that happened before this call they
        // still point at what we replaced. Fresh writers on the new fds.
        Console.SetOut(WriterOn(1));
        Console.SetError(WriterOn(2));
    }

    private static TextWriter WriterOn(int fd) =>
        TextWriter.Synchronized(new StreamWriter(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, 1)) { AutoFlush = true });

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
