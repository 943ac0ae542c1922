using System.Runtime.CompilerServices;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// FileInfo and DirectoryInfo in app code. An info object must hold the host path to work (Exists,
/// Length, Delete... all go to the host), so the constructor shims map the path and then set the
/// object's original path (what ToString, and string interpolation, show) back to the app's inside
/// path; the getters that return paths (FullName, Name, DirectoryName, Directory, Parent) are shimmed to
/// answer with inside paths. Listings go through the view, like <see cref="DirectoryShims"/>.
/// </summary>
public static class FileSystemInfoShims
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "OriginalPath")]
    private static extern ref string OriginalPath(FileSystemInfo info);

    public static FileInfo NewFileInfo(string fileName)
    {
        var info = new FileInfo(HostPaths.Map(fileName, PathAccess.Read));
        OriginalPath(info) = fileName;
        return info;
    }

    public static DirectoryInfo NewDirectoryInfo(string path)
    {
        var info = new DirectoryInfo(HostPaths.Map(path, PathAccess.Read));
        OriginalPath(info) = path;
        return info;
    }

    private static string Inside(FileSystemInfo info) => HostPaths.View.ToInsidePath(info.FullName);

    public static string FullName(FileSystemInfo info) => Inside(info);

    public static string Name(FileSystemInfo info)
    {
        var inside = Path.TrimEndingDirectorySeparator(Inside(info));
        var name = Path.GetFileName(inside);
        return name.Length == 0 ? inside : name;
    }

    public static string? DirectoryName(FileInfo info) => Path.GetDirectoryName(Inside(info));

    public static DirectoryInfo? Directory(FileInfo info) => DirectoryName(info) is { } dir ? NewDirectoryInfo(dir) : null;

    public static DirectoryInfo? Parent(DirectoryInfo info) =>
        Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Inside(info))) is { } parent ? NewDirectoryInfo(parent) : null;

    public static void Delete(FileSystemInfo info)
    {
        HostPaths.Map(Inside(info), PathAccess.Delete);
        info.Delete();
    }

    public static void Delete(DirectoryInfo info, bool recursive)
    {
        HostPaths.Map(Inside(info), PathAccess.Delete);
        info.Delete(recursive);
    }

    public static void Create(DirectoryInfo info) => HostPaths.Run(Inside(info), PathAccess.Create, h => System.IO.Directory.CreateDirectory(h));

    public static DirectoryInfo CreateSubdirectory(DirectoryInfo info, string path)
    {
        var inside = Path.Join(Inside(info), path);
        DirectoryShims.CreateDirectory(inside);
        return NewDirectoryInfo(inside);
    }

    public static FileInfo CopyTo(FileInfo info, string destFileName) => CopyTo(info, destFileName, false);

    public static FileInfo CopyTo(FileInfo info, string destFileName, bool overwrite)
    {
        FileShims.Copy(Inside(info), destFileName, overwrite);
        return NewFileInfo(destFileName);
    }

    public static void MoveTo(FileInfo info, string destFileName) => MoveTo(info, destFileName, false);

    public static void MoveTo(FileInfo info, string destFileName, bool overwrite)
    {
        var host = HostPaths.Map(destFileName, PathAccess.Create);
        HostPaths.Map(Inside(info), PathAccess.Delete);
        info.MoveTo(host, overwrite);
        OriginalPath(info) = destFileName;
    }

    public static FileStream Open(FileInfo info, FileMode mode) => FileShims.Open(Inside(info), mode);

    public static FileStream Open(FileInfo info, FileMode mode, FileAccess access) => FileShims.Open(Inside(info), mode, access);

    public static FileStream Open(FileInfo info, FileMode mode, FileAccess access, FileShare share) => FileShims.Open(Inside(info), mode, access, share);

    public static FileStream OpenRead(FileInfo info) => FileShims.OpenRead(Inside(info));

    public static FileStream OpenWrite(FileInfo info) => FileShims.OpenWrite(Inside(info));

    public static FileStream Create(FileInfo info) => FileShims.Create(Inside(info));

    public static StreamReader OpenText(FileInfo info) => FileShims.OpenText(Inside(info));

    public static StreamWriter CreateText(FileInfo info) => FileShims.CreateText(Inside(info));

    public static StreamWriter AppendText(FileInfo info) => FileShims.AppendText(Inside(info));

    private static List<string> List(DirectoryInfo info, string pattern, SearchOption option, EntryKinds kinds) =>
        DirectoryShims.List(Inside(info), pattern, option, kinds);

    private static FileInfo[] Files(DirectoryInfo info, string pattern, SearchOption option) =>
        List(info, pattern, option, EntryKinds.Files).Select(NewFileInfo).ToArray();

    private static DirectoryInfo[] Directories(DirectoryInfo info, string pattern, SearchOption option) =>
        List(info, pattern, option, EntryKinds.Directories).Select(NewDirectoryInfo).ToArray();

    private static FileSystemInfo[] Entries(DirectoryInfo info, string pattern, SearchOption option) => Infos(List(info, pattern, option, EntryKinds.All));

    private static FileSystemInfo[] Infos(List<string> entries)
    {
        var result = new List<FileSystemInfo>();
        foreach (var entry in entries)
        {
            var host = HostPaths.Map(entry, PathAccess.Read);
            result.Add(System.IO.Directory.Exists(host) ? NewDirectoryInfo(entry) : NewFileInfo(entry));
        }
        return result.ToArray();
    }

    // EnumerationOptions overloads: the same filtering as Directory's (DirectoryShims).
    public static FileInfo[] GetFiles(DirectoryInfo info, string searchPattern, EnumerationOptions enumerationOptions) =>
        DirectoryShims.List(Inside(info), searchPattern, enumerationOptions, EntryKinds.Files).Select(NewFileInfo).ToArray();

    public static IEnumerable<FileInfo> EnumerateFiles(DirectoryInfo info, string searchPattern, EnumerationOptions enumerationOptions) =>
        GetFiles(info, searchPattern, enumerationOptions);

    public static DirectoryInfo[] GetDirectories(DirectoryInfo info, string searchPattern, EnumerationOptions enumerationOptions) =>
        DirectoryShims.List(Inside(info), searchPattern, enumerationOptions, EntryKinds.Directories).Select(NewDirectoryInfo).ToArray();

    public static IEnumerable<DirectoryInfo> EnumerateDirectories(DirectoryInfo info, string searchPattern, EnumerationOptions enumerationOptions) =>
        GetDirectories(info, searchPattern, enumerationOptions);

    public static FileSystemInfo[] GetFileSystemInfos(DirectoryInfo info, string searchPattern, EnumerationOptions enumerationOptions) =>
        Infos(DirectoryShims.List(Inside(info), searchPattern, enumerationOptions, EntryKinds.All));

    public static IEnumerable<FileSystemInfo> EnumerateFileSystemInfos(DirectoryInfo info, string searchPattern, EnumerationOptions enumerationOptions) =>
        GetFileSystemInfos(info, searchPattern, enumerationOptions);

    public static FileSystemInfo[] GetFileSystemInfos(DirectoryInfo info, string searchPattern, SearchOption searchOption) => Entries(info, searchPattern, searchOption);

    public static IEnumerable<FileSystemInfo> EnumerateFileSystemInfos(DirectoryInfo info, string searchPattern, SearchOption searchOption) => Entries(info, searchPattern, searchOption);

    public static FileInfo[] GetFiles(DirectoryInfo info) => Files(info, "*", SearchOption.TopDirectoryOnly);

    public static FileInfo[] GetFiles(DirectoryInfo info, string searchPattern) => Files(info, searchPattern, SearchOption.TopDirectoryOnly);

    public static FileInfo[] GetFiles(DirectoryInfo info, string searchPattern, SearchOption searchOption) => Files(info, searchPattern, searchOption);

    public static IEnumerable<FileInfo> EnumerateFiles(DirectoryInfo info) => Files(info, "*", SearchOption.TopDirectoryOnly);

    public static IEnumerable<FileInfo> EnumerateFiles(DirectoryInfo info, string searchPattern) => Files(info, searchPattern, SearchOption.TopDirectoryOnly);

    public static IEnumerable<FileInfo> EnumerateFiles(DirectoryInfo info, string searchPattern, SearchOption searchOption) => Files(info, searchPattern, searchOption);

    public static DirectoryInfo[] GetDirectories(DirectoryInfo info) => Directories(info, "*", SearchOption.TopDirectoryOnly);

    public static DirectoryInfo[] GetDirectories(DirectoryInfo info, string searchPattern) => Directories(info, searchPattern, SearchOption.TopDirectoryOnly);

    public static DirectoryInfo[] GetDirectories(DirectoryInfo info, string searchPattern, SearchOption searchOption) => Directories(info, searchPattern, searchOption);

    public static IEnumerable<DirectoryInfo> EnumerateDirectories(DirectoryInfo info) => Directories(info, "*", SearchOption.TopDirectoryOnly);

    public static IEnumerable<DirectoryInfo> EnumerateDirectories(DirectoryInfo info, string searchPattern) => Directories(info, searchPattern, SearchOption.TopDirectoryOnly);

    public static IEnumerable<DirectoryInfo> EnumerateDirectories(DirectoryInfo info, string searchPattern, SearchOption searchOption) => Directories(info, searchPattern, searchOption);

    public static FileSystemInfo[] GetFileSystemInfos(DirectoryInfo info) => Entries(info, "*", SearchOption.TopDirectoryOnly);

    public static FileSystemInfo[] GetFileSystemInfos(DirectoryInfo info, string searchPattern) => Entries(info, searchPattern, SearchOption.TopDirectoryOnly);

    public static IEnumerable<FileSystemInfo> EnumerateFileSystemInfos(DirectoryInfo info) => Entries(info, "*", SearchOption.TopDirectoryOnly);

    public static IEnumerable<FileSystemInfo> EnumerateFileSystemInfos(DirectoryInfo info, string searchPattern) => Entries(info, searchPattern, SearchOption.TopDirectoryOnly);
}
