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

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int dirfd, string path, int flags, int mask, byte* buffer);
}
