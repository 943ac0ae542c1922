using System.Runtime.InteropServices;

namespace Ferry.Environments.Paths;

/// <summary>What the resolver asks of host files without following links: link or not, link count, link text.</summary>
internal static partial class HostFiles
{
    /// <summary>True when <paramref name="hostPath"/> itself is a symbolic link (dangling ones too).</summary>
    public static bool IsSymbolicLink(string hostPath)
    {
        try
        {
            // GetAttributes does not follow the last link; a missing path throws.
            return (File.GetAttributes(hostPath) & FileAttributes.ReparsePoint) != 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    public static string? LinkTarget(string hostPath) => new FileInfo(hostPath).LinkTarget;

    /// <summary>True when something (file, directory, link) is at <paramref name="hostPath"/>, not following a last link.</summary>
    public static bool Exists(string hostPath)
    {
        try
        {
            File.GetAttributes(hostPath);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>The hard-link count of a regular file, or 0 when it is not one (or is missing).</summary>
    public static unsafe uint LinkCount(string hostPath)
    {
        // statx: its struct has one layout on every Linux architecture, unlike struct stat.
        const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxNlink = 0x4;
        const ushort TypeMask = 0xF000, RegularFile = 0x8000;
        var buffer = stackalloc byte[256];
        if (statx(AtFdCwd, hostPath, AtSymlinkNoFollow, StatxType | StatxNlink, buffer) != 0) return 0;
        // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink (16), u32 uid, u32 gid, u16 mode (28).
        var mode = *(ushort*)(buffer + 28);
        if ((mode & TypeMask) != RegularFile) return 0;
        return *(uint*)(buffer + 16);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int statx(int dirfd, string path, int flags, int mask, byte* buffer);
}
