using System.Runtime.InteropServices;

namespace Ferry.Environments.Paths;

/// <summary>
/// What the resolver asks of host files without following links: there or not, link or not, link count,
/// link text. One statx call each, and no exception for a missing file: the resolver asks this for every
/// component of every path, most of them missing from the private layer.
/// </summary>
internal static partial class HostFiles
{
    private const ushort TypeMask = 0xF000, RegularFile = 0x8000, SymbolicLink = 0xA000;

    /// <summary>True when <paramref name="hostPath"/> itself is a symbolic link (dangling ones too).</summary>
    public static bool IsSymbolicLink(string hostPath) => Stat(hostPath, out var mode, out _) && (mode & TypeMask) == SymbolicLink;

    public static string? LinkTarget(string hostPath) => new FileInfo(hostPath).LinkTarget;

    /// <summary>True when something (file, directory, link) is at <paramref name="hostPath"/>, not following a last link.</summary>
    public static bool Exists(string hostPath) => Stat(hostPath, out _, out _);

    /// <summary>The hard-link count of a regular file, or 0 when it is not one (or is missing).</summary>
    public static uint LinkCount(string hostPath) => Stat(hostPath, out var mode, out var links) && (mode & TypeMask) == RegularFile ? links : 0;

    private static unsafe bool Stat(string hostPath, out ushort mode, out uint links)
    {
        // statx: its struct has one layout on every Linux architecture, unlike struct stat.
        const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxNlink = 0x4;
        var buffer = stackalloc byte[256];
        if (statx(AtFdCwd, hostPath, AtSymlinkNoFollow, StatxType | StatxNlink, buffer) != 0)
        {
            mode = 0;
            links = 0;
            return false;
        }
        // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink (16), u32 uid, u32 gid, u16 mode (28).
        links = *(uint*)(buffer + 16);
        mode = *(ushort*)(buffer + 28);
        return true;
    }

    /// <summary>What <see cref="CheckNoLinks"/> found.</summary>
    public enum LinkCheck
    {
        /// <summary>The path is there and no component is a link.</summary>
        Exists,
        /// <summary>A component is missing (or not a directory); none before it is a link.</summary>
        Missing,
        /// <summary>A link, or something the kernel would not tell: walk the path component by component.</summary>
        Unknown,
    }

    private static int s_openat2Missing;

    /// <summary>
    /// One kernel walk of <paramref name="hostPath"/> refusing every symbolic link (openat2 with
    /// RESOLVE_NO_SYMLINKS, O_PATH): tells in two system calls what a statx per component would.
    /// Kernels without openat2 (or a seccomp filter refusing it) answer Unknown.
    /// </summary>
    public static unsafe LinkCheck CheckNoLinks(string hostPath)
    {
        const long SysOpenat2 = 437; // the same number on every Linux architecture
        const int AtFdCwd = -100, ENOENT = 2, ENOTDIR = 20, ENOSYS = 38, EPERM = 1;
        const ulong OPath = 0x200000, OCloexec = 0x80000, ResolveNoSymlinks = 0x04;
        if (Volatile.Read(ref s_openat2Missing) != 0) return LinkCheck.Unknown;
        var how = stackalloc ulong[3];
        how[0] = OPath | OCloexec;
        how[1] = 0;
        how[2] = ResolveNoSymlinks;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(hostPath);
        var path = stackalloc byte[bytes + 1];
        System.Text.Encoding.UTF8.GetBytes(hostPath, new Span<byte>(path, bytes));
        path[bytes] = 0;
        var fd = syscall(SysOpenat2, AtFdCwd, (nint)path, (nint)how, 24);
        if (fd >= 0)
        {
            close((int)fd);
            return LinkCheck.Exists;
        }
        var errno = Marshal.GetLastPInvokeError();
        // Missing: every component before the missing one was looked at and none was a link.
        if (errno is ENOENT or ENOTDIR) return LinkCheck.Missing;
        if (errno is ENOSYS or EPERM) Volatile.Write(ref s_openat2Missing, 1);
        return LinkCheck.Unknown;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long dirfd, nint path, nint how, long size);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int dirfd, string path, int flags, int mask, byte* buffer);
}
