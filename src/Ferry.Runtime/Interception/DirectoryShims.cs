using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// System.IO.Directory in app code. Listings come from the view (<see cref="IEnvironmentView.EnumerateEntries"/>,
/// which owns copy-on-write layering) and are returned in the form .NET returns them: joined onto the
/// path the app passed (relative stays relative). The Enumerate* methods return that list too, so an
/// enumeration in progress is a list enumerator, which an image holds like any other object.
/// </summary>
public static class DirectoryShims
{
    private const string AllPattern = "*";

    public static bool Exists(string? path)
    {
        if (string.IsNullOrEmpty(path)) return false;
        try
        {
            return Directory.Exists(HostPaths.Map(path, PathAccess.Read));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException)
        {
            return false;
        }
    }

    public static DirectoryInfo CreateDirectory(string path)
    {
        HostPaths.Run(path, PathAccess.Create, h => Directory.CreateDirectory(h));
        return FileSystemInfoShims.NewDirectoryInfo(path);
    }

    public static void Delete(string path) => HostPaths.Run(path, PathAccess.Delete, Directory.Delete);

    public static void Delete(string path, bool recursive) => HostPaths.Run(path, PathAccess.Delete, h => Directory.Delete(h, recursive));

    public static void Move(string sourceDirName, string destDirName) =>
        HostPaths.Run(sourceDirName, PathAccess.Delete, destDirName, PathAccess.Create, Directory.Move);

    public static string GetCurrentDirectory() => HostPaths.View.CurrentDirectory;

    public static void SetCurrentDirectory(string path)
    {
        var full = HostPaths.FullInside(path);
        if (!Directory.Exists(HostPaths.Map(full, PathAccess.Read)))
            throw new DirectoryNotFoundException($"Could not find a part of the path '{full}'.");
        HostPaths.View.CurrentDirectory = full;
    }

    /// <summary>Directory entries through the view, joined onto <paramref name="path"/> as the framework does.</summary>
    internal static List<string> List(string path, string searchPattern, SearchOption option, EntryKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(searchPattern);
        if (option is not (SearchOption.TopDirectoryOnly or SearchOption.AllDirectories))
            throw new ArgumentOutOfRangeException(nameof(option), "Enum value was out of legal range.");
        var view = HostPaths.View;
        var full = HostPaths.FullInside(path);
        var entries = view.EnumerateEntries(full, searchPattern, option, kinds);
        var result = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            var relative = Path.GetRelativePath(full, Path.GetFullPath(entry, view.CurrentDirectory));
            result.Add(Path.Join(path, relative));
        }
        return result;
    }

    /// <summary>
    /// A listing with <see cref="EnumerationOptions"/>: the view's entries (all of them, recursively when
    /// asked) filtered as the framework's enumerator would: depth, attributes to skip (a skipped directory's
    /// entries too), pattern with the options' rules, "." and ".." on request. IgnoreInaccessible applies to
    /// the directory listed (an inaccessible one lists as empty); the view leaves out denied entries below it.
    /// </summary>
    internal static List<string> List(string path, string searchPattern, EnumerationOptions options, EntryKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(searchPattern);
        ArgumentNullException.ThrowIfNull(options);
        var view = HostPaths.View;
        var full = HostPaths.FullInside(path);
        var recurse = options.RecurseSubdirectories && options.MaxRecursionDepth > 0;
        var option = recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        IReadOnlyList<string> entries;
        HashSet<string> directories;
        try
        {
            entries = view.EnumerateEntries(full, AllPattern, option, EntryKinds.All);
            directories = view.EnumerateEntries(full, AllPattern, option, EntryKinds.Directories).ToHashSet(StringComparer.Ordinal);
        }
        catch (UnauthorizedAccessException) when (options.IgnoreInaccessible)
        {
            return [];
        }

        var filter = new EnumerationFilter(searchPattern, options);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        AddSpecial(path, full);
        foreach (var entry in entries)
        {
            var inside = Path.GetFullPath(entry, view.CurrentDirectory);
            var relative = Path.GetRelativePath(full, inside);
            var parent = Path.GetDirectoryName(inside)!;
            // Entries come in ordinal order, so a directory is decided before anything below it.
            if (skipped.Contains(parent) || relative.Count(c => c == '/') > options.MaxRecursionDepth)
            {
                skipped.Add(inside);
                continue;
            }
            var isDirectory = directories.Contains(entry);
            if (filter.Skips(inside, isDirectory))
            {
                skipped.Add(inside);
                continue;
            }
            var shown = Path.Join(path, relative);
            var wanted = isDirectory ? kinds.HasFlag(EntryKinds.Directories) : kinds.HasFlag(EntryKinds.Files);
            if (wanted && filter.Matches(Path.GetFileName(inside))) result.Add(shown);
            if (isDirectory && recurse && relative.Count(c => c == '/') < options.MaxRecursionDepth) AddSpecial(shown, inside);
        }
        if (options.ReturnSpecialDirectories) result.Sort(StringComparer.Ordinal);
        return result;

        // "." and ".." of every directory listed, when asked, like any other entry (so Hidden skips them).
        void AddSpecial(string shown, string inside)
        {
            if (!options.ReturnSpecialDirectories || !kinds.HasFlag(EntryKinds.Directories)) return;
            foreach (var name in new[] { ".", ".." })
                if (!filter.Skips(Path.Join(inside, name), isDirectory: true) && filter.Matches(name)) result.Add(Path.Join(shown, name));
        }
    }

    /// <summary>Directory.GetParent: the parent of the full inside path, as an info object on its host path.</summary>
    public static DirectoryInfo? GetParent(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.GetDirectoryName(HostPaths.FullInside(path)) is { } parent ? FileSystemInfoShims.NewDirectoryInfo(parent) : null;
    }

    public static string[] GetFiles(string path, string searchPattern, EnumerationOptions enumerationOptions) => List(path, searchPattern, enumerationOptions, EntryKinds.Files).ToArray();

    public static string[] GetDirectories(string path, string searchPattern, EnumerationOptions enumerationOptions) => List(path, searchPattern, enumerationOptions, EntryKinds.Directories).ToArray();

    public static string[] GetFileSystemEntries(string path, string searchPattern, EnumerationOptions enumerationOptions) => List(path, searchPattern, enumerationOptions, EntryKinds.All).ToArray();

    public static IEnumerable<string> EnumerateFiles(string path, string searchPattern, EnumerationOptions enumerationOptions) => List(path, searchPattern, enumerationOptions, EntryKinds.Files);

    public static IEnumerable<string> EnumerateDirectories(string path, string searchPattern, EnumerationOptions enumerationOptions) => List(path, searchPattern, enumerationOptions, EntryKinds.Directories);

    public static IEnumerable<string> EnumerateFileSystemEntries(string path, string searchPattern, EnumerationOptions enumerationOptions) => List(path, searchPattern, enumerationOptions, EntryKinds.All);

    public static string[] GetFiles(string path) => List(path, AllPattern, SearchOption.TopDirectoryOnly, EntryKinds.Files).ToArray();

    public static string[] GetFiles(string path, string searchPattern) => List(path, searchPattern, SearchOption.TopDirectoryOnly, EntryKinds.Files).ToArray();

    public static string[] GetFiles(string path, string searchPattern, SearchOption searchOption) => List(path, searchPattern, searchOption, EntryKinds.Files).ToArray();

    public static string[] GetDirectories(string path) => List(path, AllPattern, SearchOption.TopDirectoryOnly, EntryKinds.Directories).ToArray();

    public static string[] GetDirectories(string path, string searchPattern) => List(path, searchPattern, SearchOption.TopDirectoryOnly, EntryKinds.Directories).ToArray();

    public static string[] GetDirectories(string path, string searchPattern, SearchOption searchOption) => List(path, searchPattern, searchOption, EntryKinds.Directories).ToArray();

    public static string[] GetFileSystemEntries(string path) => List(path, AllPattern, SearchOption.TopDirectoryOnly, EntryKinds.All).ToArray();

    public static string[] GetFileSystemEntries(string path, string searchPattern) => List(path, searchPattern, SearchOption.TopDirectoryOnly, EntryKinds.All).ToArray();

    public static string[] GetFileSystemEntries(string path, string searchPattern, SearchOption searchOption) => List(path, searchPattern, searchOption, EntryKinds.All).ToArray();

    public static IEnumerable<string> EnumerateFiles(string path) => List(path, AllPattern, SearchOption.TopDirectoryOnly, EntryKinds.Files);

    public static IEnumerable<string> EnumerateFiles(string path, string searchPattern) => List(path, searchPattern, SearchOption.TopDirectoryOnly, EntryKinds.Files);

    public static IEnumerable<string> EnumerateFiles(string path, string searchPattern, SearchOption searchOption) => List(path, searchPattern, searchOption, EntryKinds.Files);

    public static IEnumerable<string> EnumerateDirectories(string path) => List(path, AllPattern, SearchOption.TopDirectoryOnly, EntryKinds.Directories);

    public static IEnumerable<string> EnumerateDirectories(string path, string searchPattern) => List(path, searchPattern, SearchOption.TopDirectoryOnly, EntryKinds.Directories);

    public static IEnumerable<string> EnumerateDirectories(string path, string searchPattern, SearchOption searchOption) => List(path, searchPattern, searchOption, EntryKinds.Directories);

    public static IEnumerable<string> EnumerateFileSystemEntries(string path) => List(path, AllPattern, SearchOption.TopDirectoryOnly, EntryKinds.All);

    public static IEnumerable<string> EnumerateFileSystemEntries(string path, string searchPattern) => List(path, searchPattern, SearchOption.TopDirectoryOnly, EntryKinds.All);

    public static IEnumerable<string> EnumerateFileSystemEntries(string path, string searchPattern, SearchOption searchOption) => List(path, searchPattern, searchOption, EntryKinds.All);

    public static DateTime GetLastWriteTime(string path) => HostPaths.Run(path, PathAccess.Read, Directory.GetLastWriteTime);

    public static DateTime GetLastWriteTimeUtc(string path) => HostPaths.Run(path, PathAccess.Read, Directory.GetLastWriteTimeUtc);
}
