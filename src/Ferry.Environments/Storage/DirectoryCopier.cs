namespace Ferry.Environments.Storage;

/// <summary>
/// Copies a directory tree file by file: symbolic links are copied as links (never followed, so a link
/// cannot pull host files into a copy), hard links become separate files (a copy shares no inode with its
/// source, so nothing writable is shared).
/// </summary>
internal static class DirectoryCopier
{
    public static long Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        long bytes = 0;
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo) Directory.CreateSymbolicLink(target, link);
                else File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo dir)
            {
                bytes += Copy(dir.FullName, target);
            }
            else if (entry is FileInfo file)
            {
                file.CopyTo(target);
                bytes += file.Length;
            }
        }
        return bytes;
    }
}
